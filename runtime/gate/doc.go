// Package gate defines what every Binance operation a module asks for passes through:
// the request and error types, the operation table entry, and the middleware shape that
// each stage of the pipeline takes.
//
// # Stages
//
// Each stage is a small package with one constructor returning a [Middleware]:
// permission, validate, ratelimit, exchange (send and classify), sanitize and audit. The
// package pipeline composes them, outermost first, in one function that reads top to
// bottom in the order a request meets them.
//
// # Trust
//
// Nothing in a [Request] is trusted: the op name, the parameters and their sizes all come
// from guest code. Stages refuse with an [*Error] whose Type is one of the constants below;
// an error is returned to the module as data, never as a panic or a protocol error.
package gate
