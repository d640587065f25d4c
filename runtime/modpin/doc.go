// Package modpin checks that a tool module is the one the operator chose: by its SHA-256
// pin and, when the operator names a publisher key, by the publisher's detached Ed25519
// signature over the module's exact bytes.
//
// # Pins
//
// A pin is the lowercase (upper case is accepted) hex SHA-256 of the whole .wasm file, as
// `sha256sum` or `tollgate hash` prints it. [CheckHash] refuses a module with no pin
// ([ErrNoPin]), a pin that is not 64 hex digits ([ErrBadPin]) and a module whose hash
// differs ([*MismatchError], matching [ErrPinMismatch]). The pin answers "is this the file
// I reviewed?": it changes with every rebuild.
//
// # Signatures
//
// A publisher signs the module bytes with an Ed25519 key ([Sign], `tollgate sign`) and
// ships FILE.wasm.sig next to it. An operator who trusts that publisher sets its public key
// ([ParsePublicKey]); [CheckSignature] then refuses the module unless the signature file
// verifies over exactly these bytes. The signature answers "did this publisher build
// it?", which a pin alone cannot: the operator copies the pin from wherever the module
// came from. A signature is never a substitute for the pin; both are checked.
//
// Signatures are pure Ed25519 (RFC 8032) over the module bytes, no hashing first and no
// context, so `openssl pkeyutl -sign -rawin` produces the same bytes. The file holds the
// 64 raw bytes or their standard base64 (whitespace and line breaks anywhere are ignored,
// so `base64` output, wrapped or not, works).
//
// # Failing closed
//
// Every check either returns nil, meaning verified, or an error: an empty or missing
// signature, a key of the wrong size or of small order, text that does not decode, a
// signature over other bytes. Nothing is skipped because it is absent; the caller
// decides what absent means (a module without publisher_key is not asked for a
// signature at all).
//
// Errors say what was wrong and what would be accepted. They may show a public key or a
// hash; they never repeat the text of a key that failed to parse, since an operator may
// have pasted a private key where the public one belongs.
package modpin
