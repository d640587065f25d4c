package exchange

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tollgate/tollgate/runtime/gate"
)

func TestRetryAfter(t *testing.T) {
	for _, tt := range []struct {
		header string
		want   time.Duration
	}{
		{"30", 30 * time.Second},
		{"0", 0},
		{"259200", MaxRetryAfter},                      // exactly three days
		{"259201", MaxRetryAfter},                      // over: capped
		{"10000000000", MaxRetryAfter},                 // would overflow into a negative Duration
		{"99999999999999999999", MaxRetryAfter},        // over int64
		{"-5", time.Minute},                            // nonsense: the safe default
		{"-99999999999999999999", time.Minute},         //
		{"", time.Minute},                              // missing
		{"Wed, 21 Oct 2026 07:28:00 GMT", time.Minute}, // HTTP-date: Binance sends seconds
	} {
		h := http.Header{}
		if tt.header != "" {
			h.Set("Retry-After", tt.header)
		}
		if got := RetryAfter(h); got != tt.want {
			t.Errorf("Retry-After %q: %s, want %s", tt.header, got, tt.want)
		}
	}
}

// Binance's code and message are kept whatever the type; the type says what happened.
func TestClassify(t *testing.T) {
	order := &gate.Op{Name: "order", Method: "POST", Path: "/api/v3/order", Security: gate.SecurityTrade}
	account := &gate.Op{Name: "account", Method: "GET", Path: "/api/v3/account", Security: gate.SecurityUserData}
	for _, tt := range []struct {
		op     *gate.Op
		status int
		body   string
		want   string
	}{
		{order, 400, `{"code":-1013,"msg":"Filter failure: LOT_SIZE"}`, gate.TypeFilterViolation},
		{order, 400, `{"code":-2010,"msg":"Account has insufficient balance for requested action."}`, gate.TypeOrderRejected},
		{order, 400, `{"code":-2011,"msg":"Unknown order sent."}`, gate.TypeOrderRejected},
		{order, 400, `{"code":-2013,"msg":"Order does not exist."}`, gate.TypeOrderNotFound},
		{order, 500, `{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}`, gate.TypeStatusUnknown},
		{account, 500, `{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}`, gate.TypeBinanceAPI},
		{account, 401, `{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}`, gate.TypeAuth},
		{account, 400, `{"code":-1022,"msg":"Signature for this request is not valid."}`, gate.TypeAuth},
		{account, 400, `{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}`, gate.TypeBinanceAPI},
		{account, 429, `{"code":-1003,"msg":"Too many requests."}`, gate.TypeRateLimited},
		{account, 418, `{"code":-1003,"msg":"Way too many requests; IP banned."}`, gate.TypeIPBanned},
	} {
		var be binanceError
		_ = json.Unmarshal([]byte(tt.body), &be)
		e := classify(tt.op, nil, &Response{Status: tt.status, Header: http.Header{}, Body: []byte(tt.body)})
		if e.Type != tt.want || e.Code != be.Code || e.BinanceMessage != be.Msg {
			t.Errorf("%s %s: %+v, want type %s with code and message kept", tt.op.Name, tt.body, e, tt.want)
		}
		if strings.Contains(e.Message, "?") || strings.Contains(e.Message, "signature=") {
			t.Errorf("message %q could quote a URL", e.Message)
		}
	}
}
