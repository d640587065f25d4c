package exchange

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/adshao/go-binance/v2"
	"github.com/adshao/go-binance/v2/common"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/sign"
)

// Config says where requests go. The zero Config is not usable: BaseURL is required.
type Config struct {
	// BaseURL is the REST base URL, e.g. https://api.binance.com.
	BaseURL string
	// FuturesBaseURL is the USD-M futures base URL (https://fapi.binance.com), for /fapi
	// paths; empty sends them to BaseURL.
	FuturesBaseURL string
	// Timeout bounds one HTTP exchange; default 10s.
	Timeout time.Duration
	// MaxBody caps a response body; default 16 MiB (the full exchangeInfo is ~4 MB).
	MaxBody int64
	// Transport, if set, replaces the default keep-alive transport (tests).
	Transport http.RoundTripper
	// UserAgent sent with every request.
	UserAgent string
	// Credentials put the API key on signed requests (the sign stage has already signed
	// their query). Nil when none are configured.
	Credentials *sign.Credentials
}

// Client sends requests. It is safe for concurrent use.
type Client struct {
	base      string
	futures   string
	userAgent string
	http      *http.Client
	logger    *log.Logger
	creds     *sign.Credentials
}

// New returns a Client for cfg.
func New(cfg Config) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 16 << 20
	}
	base := cfg.Transport
	if base == nil {
		t := http.DefaultTransport.(*http.Transport).Clone() // honours HTTPS_PROXY/NO_PROXY
		t.MaxIdleConnsPerHost = 16
		base = t
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "tollgate"
	}
	if cfg.FuturesBaseURL == "" {
		cfg.FuturesBaseURL = cfg.BaseURL
	}
	return &Client{
		base:      cfg.BaseURL,
		futures:   cfg.FuturesBaseURL,
		userAgent: cfg.UserAgent,
		http: &http.Client{
			Timeout:   cfg.Timeout,
			Transport: &capturingTransport{next: base, maxBody: cfg.MaxBody, userAgent: cfg.UserAgent},
			// Binance does not redirect; following one could send a signed query
			// to a host the configuration does not name.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		logger: log.New(io.Discard, "", 0),
		creds:  cfg.Credentials,
	}
}

// Handler returns the innermost stage of the gate: it performs req.Op.Send and records
// what came back in req.Upstream.
func (c *Client) Handler() gate.Handler {
	return func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
		if req.Op == nil || !req.Op.Remote() {
			return nil, &gate.Error{Type: gate.TypeInternal, Message: "operation has no exchange endpoint"}
		}
		resp, err := c.Do(ctx, req)
		if resp != nil {
			req.Upstream = resp.Upstream()
		}
		if err != nil {
			return nil, err
		}
		return resp.Body, nil
	}
}

// Do sends one request and returns the captured response. A non-2xx answer is returned
// together with its classified *gate.Error.
func (c *Client) Do(ctx context.Context, req *gate.Request) (*Response, error) {
	op, p := req.Op, req.Params
	id := req.Call.RequestID
	if id == "" { // a request the gate makes on a call's behalf
		id = gate.CallFrom(ctx).RequestID
	}
	capture := &Response{requestID: id}
	bc := &binance.Client{
		BaseURL:    c.base,
		UserAgent:  c.userAgent,
		HTTPClient: c.http,
		KeyType:    common.KeyTypeHmac,
		Logger:     c.logger,
	}
	var sendErr error
	switch {
	case op.Signed():
		sendErr = c.sendSigned(withCapture(ctx, capture), op, req.Query)
	case op.Send != nil:
		sendErr = op.Send(withCapture(ctx, capture), bc, p)
	default:
		sendErr = c.sendDirect(withCapture(ctx, capture), op, p)
	}
	if capture.transportErr != nil || !capture.received {
		return nil, networkError(op, ctx, capture.transportErr, sendErr)
	}
	if capture.Status/100 != 2 {
		return capture, classify(op, p, capture)
	}
	// go-binance may fail to decode a body that is valid Binance JSON (shapes change);
	// the raw body is what we pass on, so a decode error after a 2xx is not a failure.
	return capture, nil
}

func networkError(op *gate.Op, ctx context.Context, transportErr, sendErr error) error {
	err := transportErr
	if err == nil {
		err = sendErr
	}
	what := "could not be completed"
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) || isTimeout(sendErr):
		// http.Client's own Timeout reaches the transport as "request canceled"; the
		// client's error says it was a timeout.
		what = "timed out"
	case errors.Is(err, context.Canceled):
		what = "was cancelled"
	case errors.Is(err, errBodyTooLarge):
		what = "returned a body larger than the response cap"
	case err != nil:
		var ne interface{ Timeout() bool }
		if errors.As(err, &ne) && ne.Timeout() {
			what = "timed out"
		} else {
			what = "failed: " + rootCause(err)
		}
	}
	return &gate.Error{
		Type:    gate.TypeNetwork,
		Message: fmt.Sprintf("request %s %s %s", op.Method, op.Path, what),
	}
}

func isTimeout(err error) bool {
	var ne interface{ Timeout() bool }
	return errors.As(err, &ne) && ne.Timeout()
}

// rootCause returns the innermost error's text. net/http wraps the cause in a *url.Error
// whose text quotes the URL; the innermost error (e.g. "connection refused") does not.
func rootCause(err error) string {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err.Error()
		}
		err = u
	}
}

// Response is what the exchange answered to one request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte

	received     bool
	transportErr error
	requestID    string // sent as X-Tollgate-Request-Id so the exchange's logs can be joined with the audit log
}

// Upstream returns the response metadata that outer stages read.
func (r *Response) Upstream() *gate.Upstream {
	return &gate.Upstream{Status: r.Status, Header: r.Header}
}

type captureKey struct{}

func withCapture(ctx context.Context, r *Response) context.Context {
	return context.WithValue(ctx, captureKey{}, r)
}

var errBodyTooLarge = errors.New("response body over the cap")

// capturingTransport records the status, headers and body of each response into the
// Response carried by the request's context, then hands go-binance a fresh reader over
// the same bytes.
type capturingTransport struct {
	next      http.RoundTripper
	maxBody   int64
	userAgent string // go-binance v2.8.7 never sends its UserAgent field
}

func (t *capturingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	capture, _ := req.Context().Value(captureKey{}).(*Response)
	req = req.Clone(req.Context()) // a RoundTripper must not modify the caller's request
	req.Header.Set("User-Agent", t.userAgent)
	if capture != nil && capture.requestID != "" {
		req.Header.Set(HeaderRequestID, capture.requestID)
	}
	resp, err := t.next.RoundTrip(req)
	if capture == nil {
		return resp, err
	}
	if err != nil {
		capture.transportErr = err
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, t.maxBody+1))
	resp.Body.Close()
	if err == nil && int64(len(body)) > t.maxBody {
		err = errBodyTooLarge
	}
	if err != nil {
		capture.transportErr = err
		return nil, err
	}
	capture.received = true
	capture.Status = resp.StatusCode
	capture.Header = resp.Header.Clone()
	capture.Body = body
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// baseFor returns the base URL that serves op: the futures host for /fapi, else spot.
func (c *Client) baseFor(op *gate.Op) string {
	if strings.HasPrefix(op.Path, "/fapi/") {
		return c.futures
	}
	return c.base
}

// HeaderRequestID carries the tool call's request id on every upstream request, the same
// id every audit event of the call carries.
const HeaderRequestID = "X-Tollgate-Request-Id"

// sendSigned sends a signed op with the query string the sign stage built, byte for byte:
// go-binance signs url.Values it encodes itself, and keeps the secret in an exported
// string field of its Client, so signed requests do not go through it (docs/RATIONALE.md).
func (c *Client) sendSigned(ctx context.Context, op *gate.Op, query string) error {
	if c.creds == nil || query == "" {
		return fmt.Errorf("BUG: signed op %s reached the exchange unsigned", op.Name)
	}
	req, err := http.NewRequestWithContext(ctx, op.Method, c.baseFor(op)+op.Path+"?"+query, nil)
	if err != nil {
		return errors.New("could not build the request") // err would quote the signed URL
	}
	c.creds.SetHeader(req.Header)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// sendDirect sends an op that go-binance does not send as Binance documents it (see
// Op.Query). Only unsigned ops may take this path.
func (c *Client) sendDirect(ctx context.Context, op *gate.Op, p gate.Params) error {
	if op.Security != gate.SecurityNone {
		return fmt.Errorf("BUG: signed op %s has no go-binance sender", op.Name)
	}
	u := c.base + op.Path
	if q := op.Query(p).Encode(); q != "" {
		u += "?" + q
	}
	req, err := http.NewRequestWithContext(ctx, op.Method, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
