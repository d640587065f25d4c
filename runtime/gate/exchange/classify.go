package exchange

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tollgate/tollgate/runtime/gate"
)

// binanceError is the body of every Binance error answer.
type binanceError struct {
	Code int    `json:"code"`
	Msg  string `json:"msg"`
}

// classify turns a non-2xx answer into a *gate.Error with Binance's code and message kept.
func classify(op *gate.Op, p gate.Params, r *Response) *gate.Error {
	var be binanceError
	_ = json.Unmarshal(r.Body, &be)
	msg := gate.Cap(be.Msg, 512)
	e := &gate.Error{Code: be.Code, BinanceMessage: msg}
	switch {
	case r.Status == http.StatusTooManyRequests:
		e.Type = gate.TypeRateLimited
		e.RetryAfterMS = RetryAfter(r.Header).Milliseconds()
		e.Message = fmt.Sprintf("Binance refused the request: rate limit exceeded (HTTP 429); retry after %d ms", e.RetryAfterMS)
	case r.Status == http.StatusTeapot:
		e.Type = gate.TypeIPBanned
		e.RetryAfterMS = RetryAfter(r.Header).Milliseconds()
		e.Message = fmt.Sprintf("Binance has banned this IP for exceeding rate limits (HTTP 418); retry after %d ms", e.RetryAfterMS)
	case be.Code == -1121:
		e.Type = gate.TypeValidation
		e.Field = "symbol"
		e.Value, _ = p.String("symbol")
		e.Message = "Binance does not know this symbol (-1121 Invalid symbol)"
	case be.Code == -1013:
		e.Type = gate.TypeFilterViolation
		e.Message = "Binance rejected the request: " + msg
	case be.Code == -2014 || be.Code == -2015 || be.Code == -1022 || be.Code == -1002:
		e.Type = gate.TypeAuth
		e.Message = "Binance rejected the credentials: " + msg
	case be.Code == -2010 || be.Code == -2011:
		e.Type = gate.TypeOrderRejected
		e.Message = "Binance rejected the order: " + msg
	case be.Code == -2013:
		e.Type = gate.TypeOrderNotFound
		e.Message = "Binance has no such order: " + msg
	case be.Code == -1007 && op.Security == gate.SecurityTrade:
		// "Timeout waiting for response from backend server. Send status unknown;
		// execution status unknown." The order may or may not exist.
		e.Type = gate.TypeStatusUnknown
		e.Message = "Binance did not say whether the request was carried out (-1007): " + msg
	case r.Status >= 500:
		e.Type = gate.TypeBinanceAPI
		e.Message = fmt.Sprintf("Binance answered HTTP %d for %s %s", r.Status, op.Method, op.Path)
	case be.Code != 0:
		e.Type = gate.TypeBinanceAPI
		e.Message = fmt.Sprintf("Binance error %d: %s", be.Code, msg)
	default:
		e.Type = gate.TypeBinanceAPI
		e.Message = fmt.Sprintf("Binance answered HTTP %d for %s %s", r.Status, op.Method, op.Path)
	}
	return e
}

// MaxRetryAfter caps a Retry-After: Binance's longest ban is three days. A larger value is
// a broken or hostile answer, and taken at face value it could overflow into a negative
// wait that turns the back-off off.
const MaxRetryAfter = 3 * 24 * time.Hour

// RetryAfter reads the Retry-After header (seconds, as Binance sends it). A missing or
// malformed header counts as 60 seconds: Binance's shortest ban is two minutes, and
// guessing short would only earn a longer one.
func RetryAfter(h http.Header) time.Duration {
	secs, err := strconv.ParseInt(h.Get("Retry-After"), 10, 64)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(h.Get("Retry-After"), "-"):
		return MaxRetryAfter
	case err != nil || secs < 0:
		return time.Minute
	case secs > int64(MaxRetryAfter/time.Second):
		return MaxRetryAfter
	}
	return time.Duration(secs) * time.Second
}
