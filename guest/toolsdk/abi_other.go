//go:build !wasip1

package toolsdk

import "github.com/tollgate/tollgate/guest/internal/fakehost"

// On native builds the host functions are provided in-process by a fake host, so
// that `go vet` and `go test` work and tools can be exercised through package
// toolsdktest. The functions mirror abi_wasip1.go one for one.

func init() { fakehost.SetEntries(handleCall, handleDescribe) }

func hostInputLen() int32               { return fakehost.InputLen() }
func hostInputRead(buf []byte) int32    { return fakehost.InputRead(buf) }
func hostRequest(req []byte) int32      { return fakehost.Request(req) }
func hostResponseRead(buf []byte) int32 { return fakehost.ResponseRead(buf) }
func hostOutputWrite(out []byte) int32  { return fakehost.OutputWrite(out) }
func hostLog(level int32, msg []byte)   { fakehost.Log(level, msg) }
