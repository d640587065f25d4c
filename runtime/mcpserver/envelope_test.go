package mcpserver

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Module output is hostile input: every vector names what the host must make of it.
var outputVectors = []struct {
	name, out string
	wantType  string // "" = success
}{
	{"data", `{"data":{"price":"1.00"}}`, ""},
	{"data null is still data", `{"data":null}`, ""},
	{"gate error passed on", `{"error":{"type":"validation_error","message":"m","field":"symbol"}}`, gate.TypeValidation},
	{"claims a sandbox violation", `{"error":{"type":"sandbox_violation","message":"x"}}`, gate.TypeGuest},
	{"claims an internal error", `{"error":{"type":"internal_error","message":"x"}}`, gate.TypeGuest},
	{"unknown type", `{"error":{"type":"made_up","message":"x"}}`, gate.TypeGuest},
	{"both", `{"data":1,"error":{"type":"guest_error","message":"x"}}`, gate.TypeGuest},
	{"neither", `{}`, gate.TypeGuest},
	{"unknown member", `{"data":1,"extra":2}`, gate.TypeGuest},
	{"unknown error member", `{"error":{"type":"guest_error","message":"x","secret":"y"}}`, gate.TypeGuest},
	{"two values", `{"data":1}{"data":2}`, gate.TypeGuest},
	{"not JSON", `data`, gate.TypeGuest},
	{"empty", ``, gate.TypeGuest},
	{"empty message", `{"error":{"type":"guest_error","message":""}}`, gate.TypeGuest},
}

func TestParseOutput(t *testing.T) {
	for _, v := range outputVectors {
		t.Run(v.name, func(t *testing.T) {
			data, err := parseOutput([]byte(v.out))
			if v.wantType == "" {
				if err != nil || data == nil {
					t.Fatalf("data %s, err %v", data, err)
				}
				return
			}
			if err == nil || err.Type != v.wantType || data != nil {
				t.Fatalf("data %s, err %+v; want %s", data, err, v.wantType)
			}
			if err.Message == "" {
				t.Errorf("error without a message")
			}
		})
	}
}

func TestParseOutputCapsGuestText(t *testing.T) {
	long := strings.Repeat("é", 5000)
	out, _ := json.Marshal(map[string]any{"error": map[string]any{"type": "guest_error", "message": long, "field": long}})
	_, err := parseOutput(out)
	if err == nil || len(err.Message) > maxGuestText+len("…") || len(err.Field) > 128+len("…") {
		t.Fatalf("guest text not capped: %d, %d bytes", len(err.Message), len(err.Field))
	}
}

// FuzzParseOutput: whatever a module writes, the host gets data or an error of a type a
// module may report, never both, never a panic, and valid JSON for the envelope.
func FuzzParseOutput(f *testing.F) {
	for _, v := range outputVectors {
		f.Add([]byte(v.out))
	}
	f.Fuzz(func(t *testing.T, out []byte) {
		data, err := parseOutput(out)
		if (data == nil) == (err == nil) {
			t.Fatalf("data %q and err %v", data, err)
		}
		if err != nil && (!guestTypes[err.Type] || err.Message == "") {
			t.Fatalf("error %+v", err)
		}
		env := success(data, 1)
		if err != nil {
			env = failure(err, 1)
		}
		if _, merr := json.Marshal(env); merr != nil {
			t.Fatalf("envelope does not marshal: %v", merr)
		}
	})
}
