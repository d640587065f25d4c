package binancetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is one Binance error answer: an HTTP status and the {"code","msg"} body.
// Codes and message texts are those of Binance's errors.md; where the text has a %s, the
// stand-in fills it the way Binance's live answers do.
type apiError struct {
	status int
	code   int
	msg    string
}

func (e *apiError) Error() string { return fmt.Sprintf("binance %d: %s", e.code, e.msg) }

// body is the JSON Binance sends: {"code":-1121,"msg":"Invalid symbol."}.
func (e *apiError) body() []byte { return errorBody(e.code, e.msg) }

func errorBody(code int, msg string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // Binance does not escape <, > or & in messages.
	_ = enc.Encode(struct {
		Code int    `json:"code"`
		Msg  string `json:"msg"`
	}{code, msg})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func badRequest(code int, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, msg: fmt.Sprintf(format, args...)}
}

// The legal ranges Binance quotes in -1100 answers.
const (
	legalNumber  = `^[0-9]{1,20}$`
	legalSymbol  = `^[A-Z0-9-_.]{1,20}$`
	legalSymbols = `^\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\]$`
)

func errIllegalQuery() *apiError {
	return badRequest(-1100, "Illegal characters found in a parameter.")
}

func errIllegal(param, legal string) *apiError {
	return badRequest(-1100, "Illegal characters found in parameter '%s'; legal range is '%s'.", param, legal)
}

func errDuplicateParam() *apiError {
	return badRequest(-1101, "Duplicate values for a parameter detected.")
}

func errMandatory(param string) *apiError {
	return badRequest(-1102, "Mandatory parameter '%s' was not sent, was empty/null, or malformed.", param)
}

func errUnread(read, sent int) *apiError {
	return badRequest(-1104, "Not all sent parameters were read; read '%d' parameter(s) but was sent '%d'.", read, sent)
}

func errEmpty(param string) *apiError {
	return badRequest(-1105, "Parameter '%s' was empty.", param)
}

func errOverflow(param string) *apiError {
	return badRequest(-1108, "Parameter '%s' overflowed.", param)
}

func errInterval() *apiError { return badRequest(-1120, "Invalid interval.") }

func errSymbol() *apiError { return badRequest(-1121, "Invalid symbol.") }

func errSymbolStatus() *apiError { return badRequest(-1122, "Invalid symbolStatus.") }

func errCombination() *apiError {
	return badRequest(-1128, "Combination of optional parameters invalid.")
}

func errNotValid(param string) *apiError {
	return badRequest(-1130, "Data sent for parameter '%s' is not valid.", param)
}

func errTickerType() *apiError { return badRequest(-1139, "Invalid ticker type.") }

func errDuplicateSymbols() *apiError {
	return badRequest(-1151, "Symbol is present multiple times in the list.")
}

func errStatusMismatch() *apiError {
	return badRequest(-1220, "The symbol's status does not match the requested symbolStatus.")
}

// msgWeightLimit and msgBanned are the two -1003 texts (errors.md, TOO_MANY_REQUESTS).
const (
	msgWeightLimit = "Too much request weight used; current limit is %d request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API."
	msgBanned      = "Way too much request weight used; IP banned until %d. Please use WebSocket Streams for live updates to avoid bans."
	// msgInternal is -1001 DISCONNECTED, the default body of a server_error fault.
	msgInternal = "Internal error; unable to process your request. Please try again."
	// msgTimeout is -1007 TIMEOUT, the default body of a delay placeThenFail fault.
	msgTimeout = "Timeout waiting for response from backend server. Send status unknown; execution status unknown."
)

// notFoundPage is what Binance's front end answers for a path it does not route.
const notFoundPage = "<html><body><h2>404 Not found</h2></body></html>"
