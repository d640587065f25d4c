package redact

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"testing/slogtest"
)

type stringer struct{ s string }

func (s stringer) String() string { return "stringer(" + s.s + ")" }

type valuer struct{ s string }

func (v valuer) LogValue() slog.Value { return slog.StringValue(v.s) }

// config is a struct a careless caller might log whole.
type config struct {
	Name string
	Key  string `json:"api_key"`
}

// Every way a secret can reach a log line: the message, a string attr, a group, a nested
// group, WithAttrs, WithGroup, an error, a Stringer, a LogValuer, a []byte, a struct and
// a signed URL. Both built-in handlers, since they format values differently.
func TestHandlerRedactsEverything(t *testing.T) {
	handlers := map[string]func(*bytes.Buffer) slog.Handler{
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	}
	for name, mk := range handlers {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(testRedactor.Handler(mk(&buf)))
			log = log.With("with_attr", apiKey, slog.Group("with_group", "s", apiSecret))
			log.WithGroup("g"+apiKey).Info("message "+apiKey,
				"plain", apiSecret,
				"err", fmt.Errorf("sign request: %w", errors.New("bad key "+apiSecret)),
				"stringer", stringer{apiKey},
				"valuer", valuer{edPEMLine},
				"bytes", []byte(apiSecret),
				"struct", config{Name: "main", Key: apiKey},
				"unconfigured", config{Name: "other", Key: "Zm9vYmFyYmF6cXV4"},
				"url", "https://api.binance.com/api/v3/order?"+hmacPayload+"&signature="+hmacSig,
				slog.Group("grp", "inner", apiKey, slog.Group("deeper", "pem", edPEM)),
				apiKey, "secret as a key",
			)
			out := buf.String()
			noSecrets(t, out)
			for _, s := range []string{hmacSig, "Zm9vYmFyYmF6cXV4"} {
				if strings.Contains(out, s) {
					t.Errorf("output contains %q", s)
				}
			}
			// Redaction must not take the rest of the record with it.
			for _, keep := range []string{"message ", "plain", "sign request: bad key", "stringer(", "main", "symbol=LTCBTC"} {
				if !strings.Contains(out, keep) {
					t.Errorf("output lost %q: %s", keep, out)
				}
			}
			if t.Failed() {
				t.Log(out)
			}
		})
	}
}

// Values that need no redaction keep their kind, so JSON output keeps its shape.
func TestHandlerKeepsCleanValues(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(testRedactor.Handler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	})))
	log.Info("ticker", "n", 3, "ok", true, "cfg", config{Name: "main", Key: "none"}, "symbol", "BTCUSDT")
	want := `{"level":"INFO","msg":"ticker","n":3,"ok":true,"cfg":{"Name":"main","api_key":"none"},"symbol":"BTCUSDT"}` + "\n"
	if got := buf.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// The wrapper must still be a correct slog.Handler.
func TestHandlerSlogtest(t *testing.T) {
	var buf bytes.Buffer
	slogtest.Run(t, func(*testing.T) slog.Handler {
		buf.Reset()
		return testRedactor.Handler(slog.NewJSONHandler(&buf, nil))
	}, func(t *testing.T) map[string]any {
		return parseJSONLine(t, buf.Bytes())
	})
}

func TestHandlerEnabled(t *testing.T) {
	h := testRedactor.Handler(slog.NewJSONHandler(&bytes.Buffer{}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if h.Enabled(context.Background(), slog.LevelInfo) {
		t.Error("Info enabled under a Warn handler")
	}
	if !h.Enabled(context.Background(), slog.LevelError) {
		t.Error("Error not enabled under a Warn handler")
	}
}

func parseJSONLine(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return m
}

func ExampleRedactor_Handler() {
	r := New("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A")
	noTime := func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	log := slog.New(r.Handler(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: noTime})))
	log.Error("request failed",
		"err", errors.New("bad key vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"),
		"url", "/api/v3/order?symbol=BTCUSDT&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
		"binance", "Signature for this request is not valid.")
	// Output:
	// level=ERROR msg="request failed" err="bad key [REDACTED]" url="/api/v3/order?symbol=BTCUSDT&signature=[REDACTED]" binance="Signature for this request is not valid."
}
