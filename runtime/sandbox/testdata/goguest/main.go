//go:build wasip1

// Command goguest is the Go guest of the sandbox tests: a tool module
// written against the raw ABI, built with
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared
//
// Its tools: "echo" sends its arguments through one request and outputs
// the response with a count of the calls this instance has served;
// "spin" loops forever; "sleep" sleeps for an hour; "panic" panics;
// "print" writes its argument "n" times to stdout; "alloc" allocates
// 1 GiB in one slice; "alloc_chunks" allocates 1 GiB in 4 MiB chunks.
package main

import (
	"encoding/json"
	"fmt"
	"time"
	"unsafe"
)

//go:wasmimport tollgate input_len
func inputLen() int32

//go:wasmimport tollgate input_read
func inputRead(ptr unsafe.Pointer, n int32) int32

//go:wasmimport tollgate request
func request(ptr unsafe.Pointer, n int32) int32

//go:wasmimport tollgate response_read
func responseRead(ptr unsafe.Pointer, n int32) int32

//go:wasmimport tollgate output_write
func outputWrite(ptr unsafe.Pointer, n int32) int32

//go:wasmimport tollgate log
func hostLog(level int32, ptr unsafe.Pointer, n int32)

func main() {}

// calls counts the calls this instance has served, to show reuse.
var calls int

// hoard keeps the allocations of alloc and alloc_chunks reachable.
var hoard [][]byte

// ptr returns a pointer to b's first byte; the host never writes past the
// length passed with it, so an empty slice may pass any valid address.
func ptr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return unsafe.Pointer(&calls)
	}
	return unsafe.Pointer(&b[0])
}

func output(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"error":{"type":"guest_error","message":"marshal"}}`)
	}
	outputWrite(ptr(b), int32(len(b)))
}

//go:wasmexport tollgate_call
func call() int32 {
	calls++
	in := make([]byte, inputLen())
	inputRead(ptr(in), int32(len(in)))
	var input struct {
		Tool      string          `json:"tool"`
		Arguments json.RawMessage `json:"arguments"`
		RequestID string          `json:"request_id"`
	}
	if err := json.Unmarshal(in, &input); err != nil {
		return 1
	}
	msg := []byte("call " + input.RequestID)
	hostLog(1, ptr(msg), int32(len(msg)))
	switch input.Tool {
	case "echo":
		req, _ := json.Marshal(map[string]any{"op": "echo", "params": input.Arguments})
		n := request(ptr(req), int32(len(req)))
		resp := make([]byte, n)
		responseRead(ptr(resp), n)
		output(map[string]any{"data": map[string]any{"response": json.RawMessage(resp), "calls": calls}})
	case "spin":
		for {
		}
	case "sleep":
		time.Sleep(time.Hour)
	case "panic":
		panic("boom")
	case "print":
		var args struct{ N int }
		json.Unmarshal(input.Arguments, &args)
		for i := 0; i < args.N; i++ {
			fmt.Println("line", i, "of a flood that should stay in the sandbox")
		}
		output(map[string]any{"data": "printed"})
	case "alloc":
		b := make([]byte, 1<<30)
		b[0], b[len(b)-1] = 1, 1
		hoard = append(hoard, b)
		output(map[string]any{"data": len(hoard)})
	case "alloc_chunks":
		for i := 0; i < 256; i++ {
			b := make([]byte, 4<<20)
			for j := 0; j < len(b); j += 4096 {
				b[j] = 1
			}
			hoard = append(hoard, b)
		}
		output(map[string]any{"data": len(hoard)})
	default:
		return 2
	}
	return 0
}

//go:wasmexport tollgate_describe
func describe() int32 {
	output(map[string]any{"abi": 1, "tools": []any{}})
	return 0
}
