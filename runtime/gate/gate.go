package gate

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/shopspring/decimal"
)

// Request is one operation a module asked for. The sandbox bridge fills Call, Op and
// RawParams; the validate stage fills Params and Weight. Stages may read every field but
// only the stage named on a field writes it.
type Request struct {
	Call      Call
	OpName    string
	RawParams map[string]json.RawMessage

	// Op is the table entry for OpName, set by the pipeline before any stage runs.
	Op *Op
	// Params holds the validated, normalised parameters (validate stage).
	Params Params
	// Weight is the request weight Binance will charge for this request (validate stage).
	Weight int
	// Query is the exact query string of a signed request, signature included (sign
	// stage). It is a secret while the request is live and is never logged or shown.
	Query string
	// Upstream is the exchange's answer, when one came (exchange stage).
	Upstream *Upstream
}

// Call identifies the tool call a request belongs to.
type Call struct {
	RequestID    string
	Tool         string
	Module       string
	ModuleSHA256 string
	Grants       Grants
	// Symbols, when not empty, are the only symbols the module's requests may name
	// ([[module]] symbols).
	Symbols []string
	// MaxNotional, when set, caps one order of the module in its quote asset
	// ([[module]] max_notional), besides the operator's [trading] cap.
	MaxNotional *decimal.Decimal
}

// Handler performs a request. It returns the operation's data (normally the exchange's
// JSON as received) or an error, which is an [*Error] for everything a stage refused.
type Handler func(ctx context.Context, req *Request) (json.RawMessage, error)

// Middleware wraps a Handler with one stage of the gate.
type Middleware func(next Handler) Handler

// Chain returns h wrapped by the middlewares, the first one outermost: Chain(h, a, b)
// runs a, then b, then h.
func Chain(h Handler, mws ...Middleware) Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// Upstream is what the exchange answered, recorded by the exchange stage for the stages
// outside it (rate limiting reads the weight headers and Retry-After).
type Upstream struct {
	Status int
	Header http.Header
}

type callKey struct{}

// WithCall returns ctx carrying call, for the requests the gate makes on a call's behalf.
func WithCall(ctx context.Context, call Call) context.Context {
	return context.WithValue(ctx, callKey{}, call)
}

// CallFrom returns the call ctx carries, or the zero Call.
func CallFrom(ctx context.Context) Call {
	c, _ := ctx.Value(callKey{}).(Call)
	return c
}
