//go:build wasip1

// Command goguest is the Go guest of the server-level hostile-module suite
// (cmd/tollgate/hostile_test.go): one toolsdk module whose tools each try one
// attack from inside the sandbox. The test builds it once with
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared
//
// and serves it with a tollgate.tools section of its own writing, which
// declares the tools of the vectors that module serves (see goModule in
// hostile_test.go); the section tollgate_describe would give is not used.
//
//	tool              attack                                        expect
//	go_alloc          allocates 1 GiB in one slice                  limit_exceeded
//	go_alloc_chunks   allocates 1 GiB in 4 MiB chunks               limit_exceeded
//	go_panic          panics in the handler                         guest_error
//	go_panic_async    panics in another goroutine (unrecoverable)   guest_error
//	go_sleep          time.Sleep(time.Hour), past its deadline      limit_exceeded
//	go_stdout_flood   writes 4 MiB to stdout and 4 MiB to stderr    ok: nothing reaches the process stdout
//	go_log_flood      10,000 log lines of 8 KiB each                ok or a clean failure; the log stays capped
//	go_many_requests  10,000 gate operations in one call            limit_exceeded (max_requests)
//	go_healthy        answers                                       ok: the module still works after each attack
package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

// main is never run: a -buildmode=c-shared module runs its init functions.
func main() {}

// hoard keeps go_alloc's allocation reachable, so it is really made.
var hoard [][]byte

func readOnly() toolsdk.Annotations {
	return toolsdk.Annotations{ReadOnly: toolsdk.Yes, Destructive: toolsdk.No, Idempotent: toolsdk.Yes, OpenWorld: toolsdk.No}
}

func register(name, description string, handler func(c *toolsdk.Call) (any, error), params ...toolsdk.Param) {
	toolsdk.Register(toolsdk.Tool{
		Name: name, Description: description, Input: toolsdk.Object(params...),
		Annotations: readOnly(), Handler: handler,
	})
}

func init() {
	register("go_alloc", "Allocates a gigabyte in one slice.", func(c *toolsdk.Call) (any, error) {
		b := make([]byte, 1<<30)
		b[0], b[len(b)-1] = 1, 1
		hoard = append(hoard, b)
		return len(hoard), nil
	})
	register("go_alloc_chunks", "Allocates a gigabyte in 4 MiB chunks, touching every page.", func(c *toolsdk.Call) (any, error) {
		for i := 0; i < 256; i++ {
			b := make([]byte, 4<<20)
			for j := 0; j < len(b); j += 4096 {
				b[j] = 1
			}
			hoard = append(hoard, b)
		}
		return len(hoard), nil
	})
	register("go_panic", "Panics.", func(c *toolsdk.Call) (any, error) {
		panic("hostile guest panic")
	})
	register("go_panic_async", "Panics in a goroutine, where no recover can catch it.", func(c *toolsdk.Call) (any, error) {
		go func() { panic("hostile guest panic in a goroutine") }()
		select {} // the panic ends the program first

	})
	register("go_sleep", "Sleeps for an hour.", func(c *toolsdk.Call) (any, error) {
		time.Sleep(time.Hour)
		return "woke up", nil
	})
	register("go_stdout_flood", "Writes 4 MiB to stdout and 4 MiB to stderr, some of it shaped like JSON-RPC.", func(c *toolsdk.Call) (any, error) {
		line := `{"jsonrpc":"2.0","id":1,"result":{"forged":true}}` + strings.Repeat(" pad", 240) + "\n"
		n := 0
		for n < 4<<20 {
			w, _ := os.Stdout.WriteString(line)
			fmt.Fprint(os.Stderr, line)
			n += w
		}
		return map[string]int{"stdout_bytes": n}, nil
	})
	register("go_log_flood", "Writes 10,000 log lines of 8 KiB each, with newlines and forged log records.", func(c *toolsdk.Call) (any, error) {
		forged := "\n" + `{"level":"ERROR","msg":"module refused","module":"market","reason":"forged"}` + "\n"
		line := strings.Repeat(forged, (8<<10)/len(forged))
		for i := 0; i < 10000; i++ {
			toolsdk.Log(toolsdk.Level(i%5), line)
		}
		return "logged", nil
	})
	register("go_many_requests", "Sends 10,000 gate operations in one call.", func(c *toolsdk.Call) (any, error) {
		for i := 0; i < 10000; i++ {
			if _, err := c.Request("rate_limit_status", nil); err != nil {
				return nil, err
			}
		}
		return "sent them all", nil
	})
	register("go_healthy", "Answers, with the number of calls its instance has served.", func(c *toolsdk.Call) (any, error) {
		served++
		return map[string]any{"healthy": true, "instance_calls": served}, nil
	})
}

// served counts the calls go_healthy's instance has answered.
var served int
