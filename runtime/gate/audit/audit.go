// Package audit writes security events: one JSON line per event, with "SECURITY_EVENT"
// as the message and an event_type, through log/slog.
//
// # Events
//
// tool_invocation, tool_success, tool_failure, validation_error, permission_denied,
// rate_limit_exceeded, sandbox_violation, module_loaded, module_rejected,
// configuration_validated, and gate_request for every operation that reached the
// exchange. Every event of one tool call carries the same request_id.
//
// # What never goes in
//
// Events are built from an allow-list of attribute keys (see allowed); any other key is
// dropped by the handler, so a careless caller cannot log a header, a URL or a key.
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"time"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/redact"
)

// Message is the log message of every audit line; operators grep for it.
const Message = "SECURITY_EVENT"

// allowed lists the only attribute keys an event may carry.
var allowed = map[string]bool{
	slog.TimeKey: true, slog.LevelKey: true, slog.MessageKey: true,
	"event_type": true, "request_id": true, "tool": true, "module": true, "module_sha256": true,
	"op": true, "weight": true, "duration_ms": true, "status": true, "error_type": true,
	"field": true, "code": true, "detail": true, "grants": true, "tools": true, "retry_after_ms": true,
}

// Logger writes audit events. The zero value and a nil *Logger write nothing.
type Logger struct{ l *slog.Logger }

// New returns a Logger writing JSON lines to w. Every line also passes the redactor,
// which knows the configured credentials: the allow-list keeps a header or a URL out,
// and the redactor keeps a key out of the values that are allowed (a detail, a message).
func New(w io.Writer, red *redact.Redactor) *Logger {
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) > 0 || !allowed[a.Key] {
				return slog.Attr{}
			}
			return a
		},
	})
	return &Logger{l: slog.New(red.Handler(h))}
}

// Event writes one event.
func (l *Logger) Event(ctx context.Context, eventType string, attrs ...slog.Attr) {
	if l == nil || l.l == nil {
		return
	}
	l.l.LogAttrs(ctx, slog.LevelInfo, Message, append([]slog.Attr{slog.String("event_type", eventType)}, attrs...)...)
}

// CallAttrs returns the attributes that identify a tool call.
func CallAttrs(c gate.Call) []slog.Attr {
	return []slog.Attr{
		slog.String("request_id", c.RequestID), slog.String("tool", c.Tool),
		slog.String("module", c.Module), slog.String("module_sha256", c.ModuleSHA256),
	}
}

// EventFor names the event a gate error is recorded as.
func EventFor(errType string) string {
	switch errType {
	case gate.TypeValidation:
		return "validation_error"
	case gate.TypePermissionDenied:
		return "permission_denied"
	case gate.TypeRateLimited, gate.TypeIPBanned:
		return "rate_limit_exceeded"
	}
	return "gate_request"
}

// Stage returns the audit stage: it records the outcome of every request, refused or sent.
func (l *Logger) Stage(now func() time.Time) gate.Middleware {
	return func(next gate.Handler) gate.Handler {
		return func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
			start := now()
			out, err := next(ctx, req)
			attrs := append(CallAttrs(req.Call),
				slog.String("op", req.OpName),
				slog.Int("weight", req.Weight),
				slog.Int64("duration_ms", now().Sub(start).Milliseconds()))
			if req.Upstream != nil {
				attrs = append(attrs, slog.Int("status", req.Upstream.Status))
			}
			event := "gate_request"
			var ge *gate.Error
			if errors.As(err, &ge) {
				event = EventFor(ge.Type)
				attrs = append(attrs, slog.String("error_type", ge.Type))
				if ge.Field != "" {
					attrs = append(attrs, slog.String("field", ge.Field))
				}
				if ge.Code != 0 {
					attrs = append(attrs, slog.Int("code", ge.Code))
				}
			}
			l.Event(ctx, event, attrs...)
			return out, err
		}
	}
}
