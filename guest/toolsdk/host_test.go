package toolsdk_test

import (
	"encoding/json"
	"testing"

	"github.com/tollgate/tollgate/guest/toolsdk/toolsdktest"
)

// viaHost calls a tool through the host's argument check (see CallViaHost): the
// checks a schema expresses are the host's, made before the tool runs.
func viaHost(t *testing.T, h *toolsdktest.Host, tool string, args json.RawMessage) toolsdktest.HostResult {
	t.Helper()
	r, err := h.CallViaHost(tool, args)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
