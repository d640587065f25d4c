// Package exchange sends a validated request to Binance through go-binance and classifies
// the answer.
//
// # Why wrap go-binance
//
// go-binance builds the URL, the parameters and (later) the signature, and it keeps a
// keep-alive HTTP client. It does not return the response headers (weight, order count,
// Retry-After) nor the raw body, and its Client stores the last used weight in a field
// that concurrent calls would race on. So each request gets a fresh, cheap binance.Client
// value sharing one http.Client, and a RoundTripper below go-binance captures the status,
// headers and raw body of the one response that request produced. The raw body, not
// go-binance's decoded struct, is what a module receives: prices stay the strings Binance
// sent.
//
// # Errors
//
// Every failure becomes a [*gate.Error]. Error text never contains a URL: a signed URL
// carries a signature, and go-binance's and net/http's errors quote the URL.
package exchange
