package redact

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
)

// Handler wraps h so that nothing it writes carries a secret: the message, every attribute
// key and string value, recursively through groups, and the attributes and group names
// given to WithAttrs and WithGroup.
//
// Values are resolved before they are redacted, since that is where secrets hide: a
// [slog.LogValuer] is resolved first; an error becomes its Error() text and a
// [fmt.Stringer] its String() text, redacted (without this, JSONHandler would print the
// error's text and TextHandler the Stringer's, both unredacted). Any other value of kind
// Any (a struct, a map) is formatted with %+v and with encoding/json and, only if one of
// those texts needed redaction, replaced by that text redacted; clean values keep their
// kind so that JSON output keeps its shape.
//
// h must not be nil.
func (r *Redactor) Handler(h slog.Handler) slog.Handler {
	return &handler{r: r.get(), h: h}
}

type handler struct {
	r *Redactor
	h slog.Handler
}

func (x *handler) Enabled(ctx context.Context, l slog.Level) bool { return x.h.Enabled(ctx, l) }

func (x *handler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, x.r.String(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(x.r.attr(a))
		return true
	})
	return x.h.Handle(ctx, out)
}

func (x *handler) WithAttrs(as []slog.Attr) slog.Handler {
	return &handler{r: x.r, h: x.h.WithAttrs(x.r.attrs(as))}
}

func (x *handler) WithGroup(name string) slog.Handler {
	return &handler{r: x.r, h: x.h.WithGroup(x.r.String(name))}
}

func (r *Redactor) attrs(as []slog.Attr) []slog.Attr {
	out := make([]slog.Attr, len(as))
	for i, a := range as {
		out[i] = r.attr(a)
	}
	return out
}

func (r *Redactor) attr(a slog.Attr) slog.Attr {
	a.Key = r.String(a.Key)
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		a.Value = slog.StringValue(r.String(v.String()))
	case slog.KindGroup:
		a.Value = slog.GroupValue(r.attrs(v.Group())...)
	case slog.KindAny:
		switch t := v.Any().(type) {
		case error:
			a.Value = slog.StringValue(r.String(t.Error()))
		case fmt.Stringer:
			a.Value = slog.StringValue(r.String(t.String()))
		case []byte:
			a.Value = slog.StringValue(r.String(string(t)))
		default:
			a.Value = r.anyValue(v)
		}
	default:
		a.Value = v
	}
	return a
}

// anyValue checks v both as TextHandler prints it (%+v) and as JSONHandler does
// (encoding/json, which honours struct tags: a field Key tagged "api_key" is caught only
// there). If either form needs redaction, the redacted form becomes a string value.
func (r *Redactor) anyValue(v slog.Value) slog.Value {
	s := fmt.Sprintf("%+v", v.Any())
	if red := r.String(s); red != s {
		return slog.StringValue(red)
	}
	if j, err := json.Marshal(v.Any()); err == nil {
		if red := r.Bytes(j); &red[0] != &j[0] {
			return slog.StringValue(string(red))
		}
	}
	return v
}
