package fakehost

import (
	"errors"
	"strings"
	"testing"
)

// These tests install their own entry points; no guest SDK is linked into this
// test binary.

func run(t *testing.T, h *Host, entry func() int32) ([]byte, error) {
	t.Helper()
	SetEntries(entry, entry)
	defer SetEntries(nil, nil)
	return h.Call()
}

func TestCall(t *testing.T) {
	h := &Host{Input: []byte(`{"tool":"x"}`), Gate: func(req []byte) []byte { return append([]byte("re:"), req...) }}
	out, err := run(t, h, func() int32 {
		if ResponseRead(make([]byte, 4)) != -1 {
			t.Error("response_read before any request is not -1")
		}
		in := make([]byte, InputLen())
		InputRead(in)
		n := Request(in)
		resp := make([]byte, n-2)
		if got := ResponseRead(resp); got != n-2 {
			t.Errorf("response_read copied %d of %d", got, n-2)
		}
		OutputWrite(resp)
		return 0
	})
	if err != nil || string(out) != `re:{"tool":"x` {
		t.Errorf("out %q, err %v", out, err)
	}
}

func TestFaults(t *testing.T) {
	tests := map[string]struct {
		host  Host
		entry func() int32
		want  string
	}{
		"no output":       {entry: func() int32 { return 0 }, want: "without writing output"},
		"non-zero return": {entry: func() int32 { OutputWrite(nil); return 1 }, want: "returned 1"},
		"output twice":    {entry: func() int32 { OutputWrite(nil); OutputWrite(nil); panic("not reached") }, want: "output written twice"},
		"trap":            {entry: func() int32 { panic("boom") }, want: "trapped: boom"},
		"oversized":       {entry: func() int32 { Request(make([]byte, MaxRequestSize+1)); panic("not reached") }, want: "exceeds"},
		"request budget":  {host: Host{MaxRequests: 1}, entry: func() int32 { Request(nil); Request(nil); panic("not reached") }, want: "more than 1 requests"},
		"recover is no use": {entry: func() int32 {
			defer func() { _ = recover() }()
			OutputWrite(nil)
			OutputWrite(nil)
			return 0
		}, want: "output written twice"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			h := tt.host
			h.Gate = func([]byte) []byte { return []byte(`{"ok":1}`) }
			_, err := run(t, &h, tt.entry)
			var f *Fault
			if !errors.As(err, &f) || !strings.Contains(f.Reason, tt.want) {
				t.Errorf("err = %v, want a fault containing %q", err, tt.want)
			}
		})
	}
}

func TestLogCaps(t *testing.T) {
	var lines []string
	h := &Host{Log: func(level int32, msg []byte) { lines = append(lines, string(msg)) }}
	_, err := run(t, h, func() int32 {
		Log(1, []byte(strings.Repeat("x", 3000)))
		for i := 0; i < 100; i++ {
			Log(0, []byte("line"))
		}
		OutputWrite(nil)
		return 0
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != maxLogs || len(lines[0]) != maxLogSize {
		t.Errorf("%d lines, first %d bytes", len(lines), len(lines[0]))
	}
}

func TestNoEntry(t *testing.T) {
	if _, err := (&Host{}).Call(); !errors.Is(err, ErrNoEntry) {
		t.Errorf("err = %v", err)
	}
}
