//go:build wasip1

package toolsdk

import "unsafe"

// This file is the whole boundary with the host (docs/abi.md, version 1): every
// //go:wasmimport and //go:wasmexport of the SDK lives here, so that reviewing what a
// module can do means reading one file.
//
// Ownership: the ABI is pull style. Every buffer is allocated by the guest (Go slices
// on the Go heap, which does not move); the host only reads or writes the exact range
// (ptr, len) it is given, for the duration of the call, and keeps no pointer into
// guest memory afterwards. Nothing is ever freed by the host. The Go compiler keeps a
// slice passed through unsafe.SliceData alive until the import returns.

// inputLen returns the length in bytes of this call's input JSON.
// No memory changes hands.
//
//go:wasmimport tollgate input_len
func inputLen() int32

// inputRead copies min(n, input_len) bytes of the input to ptr and returns how many it
// copied. The guest owns [ptr, ptr+n); the host writes into it and forgets it.
//
//go:wasmimport tollgate input_read
func inputRead(ptr unsafe.Pointer, n uint32) int32

// request hands the host a gate request, n bytes of JSON at ptr. The guest owns the
// bytes; the host copies them out before returning and keeps the response on its side
// until the next request or the end of the call. Returns the response length (≥ 0).
//
//go:wasmimport tollgate request
func request(ptr unsafe.Pointer, n uint32) int32

// responseRead copies min(n, response_len) bytes of the last response to ptr; -1 when
// no request was made in this call. The guest owns [ptr, ptr+n).
//
//go:wasmimport tollgate response_read
func responseRead(ptr unsafe.Pointer, n uint32) int32

// outputWrite sets this call's result to the n bytes at ptr. The guest owns them; the
// host copies them before returning. Allowed once per call.
//
//go:wasmimport tollgate output_write
func outputWrite(ptr unsafe.Pointer, n uint32) int32

// logLine writes one log line, n bytes at ptr, copied by the host.
//
//go:wasmimport tollgate log
func logLine(level int32, ptr unsafe.Pointer, n uint32)

// tollgateCall is the module's tollgate_call: run the one tool call in the input.
//
//go:wasmexport tollgate_call
func tollgateCall() int32 { return handleCall() }

// tollgateDescribe is the module's tollgate_describe, used by `tollgate pack`.
//
//go:wasmexport tollgate_describe
func tollgateDescribe() int32 { return handleDescribe() }

// The slice-shaped wrappers below are what the rest of the package calls; the
// native build (abi_other.go) provides the same five functions over a fake host.

func hostInputLen() int32 { return inputLen() }

func hostInputRead(buf []byte) int32 {
	return inputRead(unsafe.Pointer(unsafe.SliceData(buf)), uint32(len(buf)))
}

func hostRequest(req []byte) int32 {
	return request(unsafe.Pointer(unsafe.SliceData(req)), uint32(len(req)))
}

func hostResponseRead(buf []byte) int32 {
	return responseRead(unsafe.Pointer(unsafe.SliceData(buf)), uint32(len(buf)))
}

func hostOutputWrite(out []byte) int32 {
	return outputWrite(unsafe.Pointer(unsafe.SliceData(out)), uint32(len(out)))
}

func hostLog(level int32, msg []byte) {
	logLine(level, unsafe.Pointer(unsafe.SliceData(msg)), uint32(len(msg)))
}
