package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tollgate/tollgate/internal/syncbuf"
)

// readURL reads the first stdout line and returns the base URL it announces.
func readURL(t *testing.T, r io.Reader) string {
	t.Helper()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the URL line: %v (got %q)", err, line)
	}
	url, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "BINANCE_BASE_URL=http://127.0.0.1:")
	if !ok || url == "" {
		t.Fatalf("first line %q", line)
	}
	return "http://127.0.0.1:" + url
}

func ping(t *testing.T, base string) {
	t.Helper()
	resp, err := http.Get(base + "/api/v3/ping")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "{}" || resp.Header.Get("X-MBX-USED-WEIGHT-1M") != "1" {
		t.Errorf("ping: %d %s %v", resp.StatusCode, body, resp.Header)
	}
}

func TestRunServesUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr syncbuf.Buffer
	code := make(chan int, 1)
	go func() { code <- run(ctx, []string{"-log"}, strings.NewReader(""), outW, &stderr) }()
	base := readURL(t, outR)
	go io.Copy(io.Discard, outR)
	ping(t, base)
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d: %s", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancel")
	}
	if want := "binance-standin: GET /api/v3/ping 200 weight=1\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}

func TestRunExitsWhenStdinCloses(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var stderr syncbuf.Buffer
	code := make(chan int, 1)
	go func() {
		code <- run(context.Background(), []string{"-exit-on-stdin-close", "-addr", "localhost:0"}, inR, outW, &stderr)
	}()
	base := readURL(t, outR)
	go io.Copy(io.Discard, outR)
	ping(t, base)
	inW.Close()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d: %s", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after stdin closed")
	}
}

func TestRunRefuses(t *testing.T) {
	for _, args := range [][]string{
		{"-addr", "0.0.0.0:0"},
		{"-addr", ":0"},
		{"-addr", "[::]:0"},
		{"-addr", "192.0.2.1:0"},
		{"-addr", "example.com:0"},
		{"-addr", "127.0.0.1"},
		{"-weight-limit", "-1"},
		{"-nope"},
		{"extra"},
	} {
		var stdout, stderr syncbuf.Buffer
		if c := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); c != 2 {
			t.Errorf("%v: exit %d", args, c)
		}
		if stdout.String() != "" || stderr.String() == "" {
			t.Errorf("%v: stdout %q, stderr %q", args, stdout.String(), stderr.String())
		}
	}
}

// TestBinary builds the command and runs it as a process, as the Node tests do.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	goTool, err := exec.LookPath("go") // go test puts its own go first in PATH
	if err != nil {
		t.Skip("no go tool:", err)
	}
	bin := filepath.Join(t.TempDir(), "binance-standin")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-weight-limit", "6000")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncbuf.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	base := readURL(t, stdout)
	ping(t, base)
	resp, err := http.Get(base + "/__standin/weight")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != `{"used":1,"limit":6000}`+"\n" {
		t.Errorf("weight: %s", body)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v; stderr %s", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
}
