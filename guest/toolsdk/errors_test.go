package toolsdk_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

func TestUnexpected(t *testing.T) {
	e := toolsdk.Unexpected("klines", errors.New("row 3 has 11 columns, want 12"))
	if e.Type != toolsdk.TypeGuest || e.Field != "" ||
		e.Message != "unexpected klines answer from the exchange: row 3 has 11 columns, want 12" {
		t.Errorf("%+v", e)
	}
	// An error quoting a whole answer does not carry it all to the client.
	e = toolsdk.Unexpected("klines", errors.New(strings.Repeat("x", 10*toolsdk.MaxMessageLen)))
	if len(e.Message) > toolsdk.MaxMessageLen || !strings.HasSuffix(e.Message, "…") {
		t.Errorf("message of %d bytes", len(e.Message))
	}
}

func TestReadOnlyHints(t *testing.T) {
	want := toolsdk.Annotations{ReadOnly: toolsdk.Yes, Destructive: toolsdk.No, Idempotent: toolsdk.Yes, OpenWorld: toolsdk.Yes}
	if toolsdk.ReadOnlyHints != want {
		t.Errorf("ReadOnlyHints = %+v", toolsdk.ReadOnlyHints)
	}
}
