package host

import "github.com/tollgate/tollgate/runtime/sandbox"

func sandboxCallInfo() sandbox.CallInfo {
	return sandbox.CallInfo{Module: "market", Tool: "t", RequestID: "x"}
}
