// Package redact removes credentials from text before it leaves the host: stdout, stderr,
// logs, the audit trail, tool results, errors and panic messages.
//
// Tollgate's rule is that API keys, HMAC secrets, private keys, signatures and signed query
// strings never leave the host in any text. The equal and opposite rule is that redaction
// must not touch anything else: a Binance error message with a word replaced, or a price
// or order id turned into [Marker], misleads the agent reading it, and that is a bug too.
//
// # Exact values first
//
// The credentials Tollgate holds are known at start-up, so [New] takes their exact values
// and [Redactor.Bytes] replaces every occurrence, wherever it is: in a URL, in JSON, in a
// panic message, at the start or end of the text, repeated. Matching exact values cannot
// garble ordinary text (values shorter than [MinSecretLen] are refused for that reason) and
// cannot miss the secrets that matter most, whatever the key name beside them, or none.
//
// # Narrow patterns second
//
// A few things are credentials whatever their value, and are not known in advance: the
// signature of each request, a private key that was never configured, a credential pasted
// by a user. Each has a narrow pattern:
//
//   - the value of a pair whose key is a credential name (api_key, apiKey, X-MBX-APIKEY,
//     secret_key, signature, token, password, …) and whose value is an unbroken run of at
//     least MinSecretLen bytes: signature=c8db… in a query string, "apiKey":"…" in JSON,
//     X-MBX-APIKEY: … in a header dump; the name is kept, the value replaced;
//   - a PEM private-key block, whole, from BEGIN to END.
//
// The name is matched only as the word right before '=' or ':', and the value only when it
// is long and unbroken; a sentence that merely mentions a key, a secret or a signature is
// never touched. That is why every message in Binance's error list (testdata/binance-
// errors.md) comes back byte-identical.
//
// # Why not broad regular expressions
//
// The Python binance-mcp-server (AnalyticAce/binance-mcp-server, utils.py,
// _sanitize_error_message) shows both ways broad patterns fail:
//
//   - They miss. `secret[:\s=]*[A-Za-z0-9]+` needs "secret" right before the separator, so
//     secret_key=… is not redacted unless the value happens to be 32+ alphanumerics; a
//     base64 or percent-encoded value (an RSA or Ed25519 signature, a PEM line) never is.
//   - They mangle. `\b[A-Za-z0-9]{32,}\b` eats transaction hashes and long hex ids;
//     `api[_\s-]*key[:\s=]*[A-Za-z0-9]+` turns Binance's "API-key format invalid." into
//     "[REDACTED] invalid."; `token[:\s=]*[A-Za-z0-9]+` turns "tokens" into "[REDACTED]"
//     and `secret…` turns "the secret is out" into "the [REDACTED] out".
//
// Exact matching covers what broad patterns were guessing at, so the patterns can afford
// to be narrow.
//
// # Limits
//
// Text is matched as given: a secret split across two writes, or encoded in a way other
// than plain or percent-encoded (base64 of a secret, JSON \u escapes, a query string
// percent-encoded a second time inside another URL), is not recognised. Redact whole
// messages, not stream chunks.
//
// # Performance
//
// [Redactor.Bytes] runs on every tool result. When nothing matches it returns its argument
// without allocating. Exact values are found in one pass whatever their number: a filter
// of 4-byte grams is probed at every fifth byte, which the 8-byte minimum length allows.
// The pattern scan looks only at '=' and ':' bytes, and rejects the word before one by its
// last two letters; nearly every JSON field name fails there. BenchmarkBytesNoMatch runs
// a 64 KiB ticker payload at roughly 1 GB/s of CPU time on one core.
package redact
