package binancetest

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// WithAPIKey registers an HMAC-SHA256 API key and its secret. It may be given several times;
// signed endpoints accept any registered key. Registering the same key again replaces it,
// whatever its type.
func WithAPIKey(apiKey, hmacSecret string) Option {
	return withKey(apiKey, hmacKey(hmacSecret))
}

// WithEd25519Key registers an Ed25519 API key by its public key. The signature is the
// base64 Ed25519 signature of the payload, percent-encoded in the query (rest-api.md
// "Ed25519 Keys").
func WithEd25519Key(apiKey string, pub ed25519.PublicKey) Option {
	return withKey(apiKey, ed25519Key(bytes.Clone(pub)))
}

// WithRSAKey registers an RSA API key by its public key. The signature is the base64
// RSASSA-PKCS1-v1_5 SHA-256 signature of the payload, percent-encoded in the query
// (rest-api.md "RSA Keys").
func WithRSAKey(apiKey string, pub *rsa.PublicKey) Option {
	return withKey(apiKey, rsaKey{pub})
}

func withKey(apiKey string, v keyVerifier) Option {
	return func(s *Server) {
		if s.apiKeys == nil {
			s.apiKeys = make(map[string]keyVerifier)
		}
		s.apiKeys[apiKey] = v
	}
}

// keyVerifier checks a signature, as sent in the request (not yet decoded), over the payload.
type keyVerifier interface {
	verify(payload []byte, sig string) bool
}

// hmacKey is an HMAC-SHA256 secret. Its signature is hex in any letter case (rest-api.md
// "Signature Case Sensitivity"), compared with hmac.Equal.
type hmacKey []byte

func (k hmacKey) verify(payload []byte, sig string) bool {
	got, err := hex.DecodeString(sig)
	mac := hmac.New(sha256.New, k)
	mac.Write(payload)
	return err == nil && hmac.Equal(got, mac.Sum(nil))
}

type ed25519Key ed25519.PublicKey

func (k ed25519Key) verify(payload []byte, sig string) bool {
	raw, ok := base64Signature(sig)
	return ok && len(k) == ed25519.PublicKeySize && ed25519.Verify(ed25519.PublicKey(k), payload, raw)
}

type rsaKey struct{ pub *rsa.PublicKey }

func (k rsaKey) verify(payload []byte, sig string) bool {
	raw, ok := base64Signature(sig)
	if !ok || k.pub == nil {
		return false
	}
	sum := sha256.Sum256(payload)
	return rsa.VerifyPKCS1v15(k.pub, crypto.SHA256, sum[:], raw) == nil
}

// base64Signature decodes an RSA or Ed25519 signature: percent-decoded, then standard base64
// with padding. Case matters. A '+' sent without percent-encoding reads as a space and fails.
func base64Signature(sig string) ([]byte, bool) {
	dec, err := url.QueryUnescape(sig)
	if err != nil {
		return nil, false
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(dec)
	return raw, err == nil
}

// Timing security (rest-api.md): recvWindow defaults to 5000 ms and may not exceed 60000 ms;
// a timestamp must be less than serverTime + 1 s.
const (
	defaultRecvWindowMicros = 5000 * 1000
	maxRecvWindowMicros     = 60000 * 1000
	aheadMicros             = 1000 * 1000
)

func errAPIKey() *apiError {
	return &apiError{status: http.StatusUnauthorized, code: -2015, msg: "Invalid API-key, IP, or permissions for action."}
}

func errSignature() *apiError { return badRequest(-1022, "Signature for this request is not valid.") }

func errTimestampAhead() *apiError {
	return badRequest(-1021, "Timestamp for this request was 1000ms ahead of the server's time.")
}

func errRecvWindow() *apiError {
	return badRequest(-1021, "Timestamp for this request is outside of the recvWindow.")
}

// errRecvWindowMax is -1131 BAD_RECV_WINDOW; errors.md does not list it, the text is the
// stand-in's.
func errRecvWindowMax() *apiError { return badRequest(-1131, "recvWindow must be less than 60000") }

// verifySigned applies SIGNED endpoint security and timing security to r, in this order:
// X-MBX-APIKEY names a registered key (else 401 -2015); timestamp is sent (-1102); signature is
// sent, is the last parameter of the query string (or, when the query has none, of the form
// body), and verifies under the key over the payload (-1022); recvWindow is at most 60000
// (-1131); timestamp < serverTime + 1000 ms and serverTime - timestamp <= recvWindow (-1021).
// The payload is the query string before "&signature=" followed by the body, or, for a
// signature in the body, the query string followed by the body before "&signature=".
// serverTime is the stand-in's clock plus its offset, read once the signature checks out.
func (s *Server) verifySigned(r *http.Request) (apiKey string, apiErr *apiError) {
	apiKey = r.Header.Get("X-MBX-APIKEY")
	key, ok := s.apiKeys[apiKey]
	if apiKey == "" || !ok {
		return "", errAPIKey()
	}
	body := readBody(r)
	q := requestParams(r, body)
	if q.bad {
		return "", errIllegalQuery()
	}
	if q.get("timestamp") == "" {
		return "", errMandatory("timestamp")
	}
	raw := r.URL.RawQuery
	var payload []byte
	var sig string
	if p, sg, found := cutSignature(raw); found {
		payload, sig = append([]byte(p), body...), sg
	} else if p, sg, found := cutSignature(string(body)); found && r.Method != http.MethodGet {
		payload, sig = append([]byte(raw), p...), sg
	} else {
		return "", errSignature()
	}
	if sig == "" || !key.verify(payload, sig) {
		return "", errSignature()
	}

	ts, _, e := q.number("timestamp")
	if e != nil {
		return "", e
	}
	tsMicros := ts * 1000
	if ts >= 1e15 { // microseconds
		tsMicros = ts
	}
	window := int64(defaultRecvWindowMicros)
	if q.has("recvWindow") {
		w, ok := recvWindowMicros(q.get("recvWindow"))
		switch {
		case !ok:
			return "", errIllegal("recvWindow", `^[0-9]{1,20}(\.[0-9]{1,3})?$`)
		case w > maxRecvWindowMicros:
			return "", errRecvWindowMax()
		}
		window = w
	}
	now := s.serverTime().UnixMicro()
	if tsMicros >= now+aheadMicros {
		return "", errTimestampAhead()
	}
	if now-tsMicros > window {
		return "", errRecvWindow()
	}
	return apiKey, nil
}

// cutSignature splits a query string or form body at its signature parameter, which must be
// the last one: found is false when there is none or something follows it.
func cutSignature(raw string) (payload, sig string, found bool) {
	if i := strings.LastIndex(raw, "&signature="); i >= 0 {
		payload, sig = raw[:i], raw[i+len("&signature="):]
	} else if strings.HasPrefix(raw, "signature=") {
		sig = raw[len("signature="):]
	} else {
		return "", "", false
	}
	if strings.Contains(sig, "&") { // parameters after the signature are not signed
		return "", "", false
	}
	return payload, sig, true
}

// recvWindowMicros reads recvWindow, milliseconds with up to three decimals ("6000.346").
func recvWindowMicros(v string) (int64, bool) {
	whole, frac, dot := strings.Cut(v, ".")
	if whole == "" || len(whole) > 20 || strings.TrimLeft(whole, "0123456789") != "" ||
		(dot && (frac == "" || len(frac) > 3 || strings.TrimLeft(frac, "0123456789") != "")) {
		return 0, false
	}
	ms, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || ms > 1e12 {
		return 0, false
	}
	frac = (frac + "000")[:3]
	us, _ := strconv.ParseInt(frac, 10, 64)
	return ms*1000 + us, true
}

// accountFile is the answer of GET /api/v3/account. It is DERIVED from rest-api.md by the
// nautilus_trader authors, not captured (see testdata/README.md).
const accountFile = "testdata/nautilus_trader/account_response.json"
