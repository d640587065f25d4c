package sign

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/tollgate/tollgate/runtime/gate"
)

// Param is one query parameter. A request's parameters are a []Param, not a url.Values,
// because the order they are signed in must be the order they are sent in.
type Param struct {
	Key, Value string
}

// MaxRecvWindow is the largest recvWindow Binance accepts, in milliseconds.
const MaxRecvWindow = 60000

// Reserved parameter names that [Query] appends itself.
const (
	ParamTimestamp  = "timestamp"
	ParamRecvWindow = "recvWindow"
	ParamSignature  = "signature"
)

// Query returns the exact query string to send for a SIGNED request:
//
//	k1=v1&k2=v2...&timestamp=T[&recvWindow=W]&signature=S
//
// Parameters keep the given order. Keys and values are percent-encoded byte by byte:
// everything but the RFC 3986 unreserved set A-Z a-z 0-9 - _ . ~ becomes %XX (upper-case
// hex), so non-ASCII characters are encoded before signing and a space is %20, never "+".
// s signs every byte before "&signature="; its output is then percent-encoded too (base64
// has "+", "/" and "="). The result must be sent as is: re-encoding it with url.Values
// would change the bytes and void the signature.
//
// recvWindow 0 omits the parameter (Binance then uses 5000 ms). A caller that must
// reproduce a fixed order, such as the documentation's HMAC example, which sends
// recvWindow before timestamp, may instead pass recvWindow in params with recvWindow 0.
//
// Errors are [*gate.Error] of type validation for bad input (an empty or reserved key,
// timestamp <= 0, recvWindow outside 0..60000), or the signer's error wrapped as
// "sign request: %w". On error the string is empty.
func Query(params []Param, timestamp, recvWindow int64, s Signer) (string, error) {
	if s == nil {
		return "", fmt.Errorf("sign request: BUG: nil Signer")
	}
	if timestamp <= 0 {
		return "", gate.Invalid(ParamTimestamp, strconv.FormatInt(timestamp, 10), "a positive Unix time in ms or µs",
			"timestamp must be positive")
	}
	if recvWindow < 0 || recvWindow > MaxRecvWindow {
		return "", gate.Invalid(ParamRecvWindow, strconv.FormatInt(recvWindow, 10), "0 (omit) to 60000",
			"recvWindow must be between 1 and %d ms, or 0 to omit it", MaxRecvWindow)
	}
	var b strings.Builder
	for _, p := range params {
		switch {
		case p.Key == "":
			return "", gate.Invalid("", "", "a non-empty parameter name", "parameter with an empty name")
		case p.Key == ParamTimestamp || p.Key == ParamSignature || (p.Key == ParamRecvWindow && recvWindow != 0):
			return "", gate.Invalid(gate.Cap(p.Key, 64), gate.Cap(p.Value, 64), "not set by the caller",
				"parameter %q is added by the signer", p.Key)
		}
		b.WriteString(escape(p.Key))
		b.WriteByte('=')
		b.WriteString(escape(p.Value))
		b.WriteByte('&')
	}
	b.WriteString(ParamTimestamp + "=")
	b.WriteString(strconv.FormatInt(timestamp, 10))
	if recvWindow != 0 {
		b.WriteString("&" + ParamRecvWindow + "=")
		b.WriteString(strconv.FormatInt(recvWindow, 10))
	}
	payload := b.String()
	sig, err := s.Sign([]byte(payload))
	if err != nil {
		return "", fmt.Errorf("sign request: %w", err)
	}
	return payload + "&" + ParamSignature + "=" + escape(sig), nil
}

// escape percent-encodes every byte outside the RFC 3986 unreserved set. url.QueryEscape
// does the same except that it writes a space as "+"; since a literal "+" is already
// %2B, every "+" left in its output is a space.
func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
