// Package sign holds the gate's API keys and signs Binance SIGNED requests with them:
// HMAC-SHA256, RSA (PKCS#1 v1.5 over SHA-256) and Ed25519, the three key types Binance
// issues. It also keeps the server-time offset that timestamps are taken from.
//
// # What is signed
//
// A SIGNED request carries timestamp, an optional recvWindow and signature. The signature
// covers the query string (concatenated, without separator, with the request body) up to
// and not including "&signature=": every parameter name and value as percent-encoded,
// the "=" and "&" separators, timestamp and recvWindow. [Query] builds that string from
// ordered parameters, hands it to a [Signer], and appends the percent-encoded signature.
//
// # Why the bytes signed are the bytes sent
//
// Binance verifies the signature over the bytes it receives, not over the parameters it
// decodes. Any re-encoding between signing and sending (url.Values sorting keys, "+"
// against "%20" for a space, upper- against lower-case hex, a non-ASCII character sent as
// UTF-8 but signed percent-encoded) makes a valid request fail with -1022, or worse,
// makes the gate reason about one request and send another. So [Query] encodes once,
// signs that string, and returns the string to put on the wire verbatim; the exchange
// stage must not rebuild it. Non-ASCII characters are percent-encoded before signing, as
// rest-api.md requires.
//
// # Why keys live only here
//
// A key is only ever held by this package: a [Secret] cannot be read back outside it, and
// [NewEd25519] and [NewRSA] keep the parsed private key in unexported fields. Guest
// modules never see a key, only the results of requests the gate signed for them. Every
// printed form of a Secret or a Signer (fmt verbs, slog, JSON) is "REDACTED", and the
// constructors' errors are fixed sentinels that never quote the input, because a key that
// reaches a log, an audit record or an error returned to a module has leaked. Signatures
// themselves are secrets too while the request is live: a signed URL can be replayed
// within recvWindow, which is why gate errors never include URLs.
//
// # Time
//
// Binance rejects a timestamp 1000 ms or more ahead of its clock, and one older than
// recvWindow. [Clock] measures the offset from a GET /api/v3/time round trip and returns
// timestamps that are never ahead of the server's clock. Like the rate limiter, it never
// reads the time itself: callers pass it in.
package sign
