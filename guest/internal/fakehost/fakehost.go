// Package fakehost stands in for the Tollgate host functions when the guest SDK is
// built for a native target (anything but GOOS=wasip1), so that tools can be run by
// ordinary `go test` through package toolsdktest.
//
// It keeps the host's side of the ABI of docs/abi.md: the input is read by copy, one
// response is kept per request, output may be written once, and a breach of the ABI
// ends the call the way a trap ends a Wasm call (the guest's goroutine stops; nothing
// after the fault runs) and is reported as a *Fault.
package fakehost

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// MaxRequestSize is the host's cap on one gate request (abi.md: 64 KiB).
const MaxRequestSize = 64 << 10

// Host is the state of one call, as the host keeps it.
type Host struct {
	// Input is this call's input JSON, {"tool", "arguments", "request_id"}.
	Input []byte
	// Gate answers one gate request; it gets the request bytes and returns the
	// response bytes ({"ok": ...} or {"error": ...}).
	Gate func(req []byte) []byte
	// Log receives each log line.
	Log func(level int32, msg []byte)
	// MaxRequests is the per-call request budget; 0 means no budget.
	MaxRequests int

	output    []byte
	outputSet bool
	response  []byte
	requests  int
	logs      int
	fault     *Fault
}

// Fault is an ABI breach: the real host discards the instance and fails the call.
type Fault struct{ Reason string }

func (f *Fault) Error() string { return "fakehost: sandbox fault: " + f.Reason }

// ErrNoEntry reports that no guest SDK registered its entry points.
var ErrNoEntry = errors.New("fakehost: no guest entry points registered")

var (
	mu      sync.Mutex // one call at a time, as in one Wasm instance
	current *Host
	entryMu sync.Mutex
	callFn  func() int32
	descrFn func() int32
)

// Log caps, as the host applies them (abi.md).
const (
	maxLogs    = 64
	maxLogSize = 1 << 10
)

// SetEntries records the guest's tollgate_call and tollgate_describe functions.
func SetEntries(call, describe func() int32) {
	entryMu.Lock()
	defer entryMu.Unlock()
	callFn, descrFn = call, describe
}

// Call runs tollgate_call against h and returns the output the guest wrote.
func (h *Host) Call() ([]byte, error) { return h.run(func() func() int32 { return callFn }) }

// Describe runs tollgate_describe against h and returns the output.
func (h *Host) Describe() ([]byte, error) { return h.run(func() func() int32 { return descrFn }) }

func (h *Host) run(entry func() func() int32) ([]byte, error) {
	entryMu.Lock()
	fn := entry()
	entryMu.Unlock()
	if fn == nil {
		return nil, ErrNoEntry
	}
	mu.Lock()
	defer mu.Unlock()
	current = h
	defer func() { current = nil }()

	var (
		ret      int32
		finished bool
		panicked any
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			// A panic that escapes the guest is a trap.
			if r := recover(); r != nil {
				panicked = r
			}
		}()
		ret = fn()
		finished = true
	}()
	<-done
	switch {
	case h.fault != nil:
		return nil, h.fault
	case panicked != nil:
		return nil, &Fault{Reason: fmt.Sprintf("guest trapped: %v", panicked)}
	case !finished:
		return nil, &Fault{Reason: "guest exited"}
	case ret != 0:
		return nil, &Fault{Reason: fmt.Sprintf("guest returned %d", ret)}
	case !h.outputSet:
		return nil, &Fault{Reason: "guest returned without writing output"}
	}
	return h.output, nil
}

// trap ends the guest's call, as a trap does: deferred functions run (recover
// returns nil during Goexit, so the guest cannot swallow it) and nothing else.
func (h *Host) trap(format string, args ...any) {
	h.fault = &Fault{Reason: fmt.Sprintf(format, args...)}
	runtime.Goexit()
}

func cur() *Host {
	if current == nil {
		panic("toolsdk: host function called outside a call; run tools through toolsdktest")
	}
	return current
}

// InputLen is input_len.
func InputLen() int32 { return int32(len(cur().Input)) }

// InputRead is input_read: copies min(len(buf), input_len) bytes.
func InputRead(buf []byte) int32 { return int32(copy(buf, cur().Input)) }

// Request is request: runs the gate request and keeps the response.
func Request(req []byte) int32 {
	h := cur()
	if h.outputSet {
		// Not a fault in abi.md, but a guest bug worth seeing in tests.
		h.trap("request after output_write")
	}
	if len(req) > MaxRequestSize {
		h.trap("request of %d bytes exceeds the %d-byte cap", len(req), MaxRequestSize)
	}
	h.requests++
	if h.MaxRequests > 0 && h.requests > h.MaxRequests {
		h.trap("more than %d requests in one call", h.MaxRequests)
	}
	r := append([]byte(nil), req...) // the host copies out of guest memory
	h.response = h.Gate(r)
	return int32(len(h.response))
}

// ResponseRead is response_read: copies min(len(buf), response_len) bytes, or -1
// when no request was made in this call.
func ResponseRead(buf []byte) int32 {
	h := cur()
	if h.requests == 0 {
		return -1
	}
	return int32(copy(buf, h.response))
}

// OutputWrite is output_write; a second write is a fault.
func OutputWrite(out []byte) int32 {
	h := cur()
	if h.outputSet {
		h.trap("output written twice")
	}
	h.output = append([]byte(nil), out...)
	h.outputSet = true
	return 0
}

// Log is log; lines are capped in length and number as the host caps them.
// Outside a call (for example during init) lines are dropped.
func Log(level int32, msg []byte) {
	h := current
	if h == nil || h.Log == nil {
		return
	}
	if h.logs >= maxLogs {
		return
	}
	h.logs++
	if len(msg) > maxLogSize {
		msg = msg[:maxLogSize]
	}
	h.Log(level, append([]byte(nil), msg...))
}
