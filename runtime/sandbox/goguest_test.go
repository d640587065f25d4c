package sandbox

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestGoGuest runs the Go guest of testdata/goguest: a real
// GOOS=wasip1 -buildmode=c-shared module with _initialize.
func TestGoGuest(t *testing.T) {
	wasm := goGuest(t)
	rec := &logRecorder{}
	e := newTestEngine(t, slog.New(rec))
	m := load(t, e, wasm, NewModuleConfig().WithPoolSize(1).WithTimeout(2*time.Second))
	if err := m.Wait(testCtx); err != nil {
		t.Fatal(err)
	}

	t.Run("echo through one request, reusing the instance", func(t *testing.T) {
		// Every call takes a prepared instance and returns it: six calls
		// instantiate nothing new. (Which instance serves which call depends on
		// the pool's order and the refiller, so the test counts, not names.)
		before := m.Stats()
		served := 0
		for i := 1; i <= 6; i++ {
			out, err := m.Call(testCtx, CallInfo{Tool: "echo", RequestID: "g"}, []byte(`{"symbol":"BTCUSDT"}`), echoRequester)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Data struct {
					Response struct {
						OK struct {
							Op     string
							Params map[string]string
						}
					}
					Calls int
				}
			}
			mustJSON(t, out, &got)
			if got.Data.Response.OK.Op != "echo" || got.Data.Response.OK.Params["symbol"] != "BTCUSDT" {
				t.Errorf("output %s", out)
			}
			served = max(served, got.Data.Calls)
		}
		after := m.Stats()
		if reused := after.Reused - before.Reused; reused != 6 || after.Discarded != before.Discarded {
			t.Errorf("6 calls: %d served by a prepared instance, %d discarded; stats %+v", reused, after.Discarded-before.Discarded, after)
		}
		if served < 2 {
			t.Errorf("no instance served more than one call (max %d): instances are not reused", served)
		}
		if logs := rec.find("guest log"); len(logs) == 0 || logs[0]["text"].String() != "call g" {
			t.Errorf("guest log lines: %v", logs)
		}
	})

	// Go guests get stopped the same way in a loop and in time.Sleep, which
	// reaches the host as poll_oneoff.
	for _, tool := range []string{"spin", "sleep"} {
		t.Run(tool+" is stopped at the deadline", func(t *testing.T) {
			// Instantiating a Go guest takes ~6 ms, ~100 ms under -race:
			// the timeout leaves room for it.
			const timeout = time.Second
			m := load(t, e, wasm, NewModuleConfig().WithPoolSize(1).WithTimeout(timeout))
			if err := m.Wait(testCtx); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_, err := m.Call(testCtx, CallInfo{Tool: tool}, nil, echoRequester)
			if !errors.Is(err, ErrTimeout) {
				t.Fatalf("got %v, want a timeout", err)
			}
			if el := time.Since(start); el < timeout || el > timeout+2*time.Second {
				t.Errorf("stopped after %v, want about %v", el, timeout)
			}
			if _, err := m.Call(testCtx, CallInfo{Tool: "echo"}, nil, echoRequester); err != nil {
				t.Fatalf("next call: %v", err)
			}
		})
	}

	// A panic in a go:wasmexport function ends in the unreachable
	// instruction after printing to stderr, not in proc_exit.
	t.Run("panic is a trap and its stderr is logged", func(t *testing.T) {
		_, err := m.Call(testCtx, CallInfo{Tool: "panic", RequestID: "p"}, nil, echoRequester)
		var fe *FaultError
		if !errors.As(err, &fe) || fe.Kind != FaultTrap || fe.ErrorType() != "guest_error" {
			t.Fatalf("got %v, want a trap", err)
		}
		found := false
		for _, l := range rec.find("guest stderr") {
			found = found || strings.Contains(l["text"].String(), "panic: boom")
		}
		if !found {
			t.Errorf("panic message not logged")
		}
		if _, err := m.Call(testCtx, CallInfo{Tool: "echo"}, nil, echoRequester); err != nil {
			t.Fatalf("next call: %v", err)
		}
	})

	// The Go runtime asks for a huge allocation in one memory.grow, far
	// below the cap, and dies when it is refused; growing 4 MiB at a time
	// it dies at the cap. Both are memory faults, seen by the allocator.
	for _, tool := range []string{"alloc", "alloc_chunks"} {
		t.Run(tool+" over the limit is a memory fault", func(t *testing.T) {
			m := load(t, e, wasm, NewModuleConfig().WithPoolSize(1).WithMemoryLimitPages(512).WithTimeout(10*time.Second))
			_, err := m.Call(testCtx, CallInfo{Tool: tool}, nil, echoRequester)
			var fe *FaultError
			if !errors.As(err, &fe) || fe.Kind != FaultMemory || fe.ErrorType() != "limit_exceeded" {
				t.Fatalf("got %v, want a memory fault", err)
			}
			if !strings.Contains(fe.Detail, "refused at the limit of 33554432 bytes") {
				t.Errorf("detail %q", fe.Detail)
			}
			if _, err := m.Call(testCtx, CallInfo{Tool: "echo"}, nil, echoRequester); err != nil {
				t.Fatalf("next call: %v", err)
			}
		})
	}

	t.Run("print flood stays capped", func(t *testing.T) {
		before := len(rec.find("guest stdout"))
		out, err := m.Call(testCtx, CallInfo{Tool: "print", RequestID: "f"}, []byte(`{"n":20000}`), echoRequester)
		if err != nil || string(out) != `{"data":"printed"}` {
			t.Fatalf("Call: %q %v", out, err)
		}
		if n := len(rec.find("guest stdout")) - before; n > 64 {
			t.Errorf("%d stdout lines logged for one call, over 64", n)
		}
	})
}
