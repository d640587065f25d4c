package validate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/exchangeinfo"
	"github.com/tollgate/tollgate/runtime/gate/order"
)

// Symbols answers whether a symbol is listed. *exchangeinfo.Cache satisfies it through
// CacheSymbols.
type Symbols interface {
	Lookup(ctx context.Context, name string) (*exchangeinfo.Symbol, error)
	// Invalidate is called when Binance says a symbol the cache listed is unknown.
	Invalidate()
}

// CacheSymbols adapts an exchangeinfo.Cache to Symbols.
type CacheSymbols struct{ Cache *exchangeinfo.Cache }

func (c CacheSymbols) Lookup(ctx context.Context, name string) (*exchangeinfo.Symbol, error) {
	info, err := c.Cache.Get(ctx)
	if err != nil {
		return nil, err
	}
	return info.Lookup(name), nil
}

func (c CacheSymbols) Invalidate() { c.Cache.Invalidate() }

// MaxSymbolLen is the longest symbol accepted, in characters. Binance's longest listed
// symbols are well under it.
const MaxSymbolLen = 20

// maxTime is 9999-12-31T23:59:59.999Z in milliseconds.
const maxTime = 253402300799999

// maxShownValue caps how much of a rejected value an error repeats.
const maxShownValue = 64

// Config is what the validation stage checks against.
type Config struct {
	// Symbols lists the symbols; ops with symbol parameters need it.
	Symbols Symbols
	// Market gives average prices to the order filters that need them; may be nil.
	Market Market
	// Policy is the operator's limits on orders.
	Policy order.Policy

	// The calling module's own limits ([[module]] symbols and max_notional), set per
	// request by forModule.
	moduleSymbols moduleSymbols
	modulePolicy  order.Policy
}

// forModule returns cfg with the limits of the module making call.
func (cfg Config) forModule(call gate.Call) Config {
	cfg.moduleSymbols = moduleSymbols{module: call.Module, symbols: call.Symbols}
	cfg.modulePolicy = order.Policy{MaxNotional: call.MaxNotional, Source: fmt.Sprintf("[[module]] %q", call.Module)}
	return cfg
}

// moduleSymbols is a module's symbol allow-list. Unlike [trading] symbols it holds for
// every op that takes a symbol, market data and futures included: the operator gave the
// module these symbols to work on, and an op that spans every symbol (open orders of the
// whole account, every futures position) is refused unless the request names one of
// them. The symbols op, the list of what is traded, is public reference data and not
// limited.
type moduleSymbols struct {
	module  string
	symbols []string
}

func (m moduleSymbols) check(op *gate.Op, params gate.Params) error {
	// By name, not kind: a USD-M futures symbol is not in the spot exchangeInfo, so its
	// parameter is checked as a plain upper-cased code, yet it names a market all the same.
	if len(m.symbols) == 0 || !slices.ContainsFunc(op.Params, func(p gate.Param) bool { return p.Name == "symbol" }) {
		return nil
	}
	sym, named := params.String("symbol")
	if named && slices.Contains(m.symbols, sym) {
		return nil
	}
	e := &gate.Error{Type: gate.TypePermissionDenied, Field: "symbol", Value: sym, Accepted: strings.Join(m.symbols, ", ")}
	if named {
		e.Message = fmt.Sprintf("module %q may not use %s: its [[module]] symbols allow %s", m.module, sym, e.Accepted)
	} else {
		e.Message = fmt.Sprintf("module %q is limited to the symbols %s ([[module]] symbols), so %s must name one of them", m.module, e.Accepted, op.Name)
	}
	return e
}

// New returns the validation stage.
func New(cfg Config) gate.Middleware {
	return func(next gate.Handler) gate.Handler {
		return func(ctx context.Context, req *gate.Request) (json.RawMessage, error) {
			params, err := Params(ctx, req.Op, req.RawParams, cfg.forModule(req.Call))
			if err != nil {
				return nil, err
			}
			req.Params = params
			req.Weight = req.Op.Weight(params)
			out, err := next(ctx, req)
			if e := (*gate.Error)(nil); errors.As(err, &e) && e.Code == -1121 && cfg.Symbols != nil {
				cfg.Symbols.Invalidate()
			}
			return out, err
		}
	}
}

// Params validates raw against op's parameter table and returns the normalised values.
func Params(ctx context.Context, op *gate.Op, raw map[string]json.RawMessage, cfg Config) (gate.Params, error) {
	syms := cfg.Symbols
	known := make(map[string]bool, len(op.Params))
	for _, p := range op.Params {
		known[p.Name] = true
	}
	for _, name := range sortedKeys(raw) {
		if !known[name] {
			field := capShown(name)
			if field == "" {
				field = "params"
			}
			return nil, gate.Invalid(field, "", acceptedNames(op), "operation %s has no parameter %q", op.Name, capShown(name))
		}
	}
	out := make(gate.Params, len(op.Params))
	for _, p := range op.Params {
		v, ok := raw[p.Name]
		if !ok || isNull(v) {
			if p.Required {
				return nil, gate.Invalid(p.Name, "", describe(p), "%s is required", p.Name)
			}
			continue
		}
		val, err := parse(ctx, p, v, syms)
		if err != nil {
			return nil, err
		}
		out[p.Name] = val
	}
	if err := cfg.moduleSymbols.check(op, out); err != nil {
		return nil, err
	}
	if sym, ok := out.String("symbol"); ok && op.Security == gate.SecurityTrade {
		if err := cfg.Policy.CheckSymbol(sym); err != nil { // before the filters: it settles the matter
			return nil, err
		}
	}
	if op.Check != nil {
		if err := op.Check(out); err != nil {
			return nil, err
		}
	}
	if op.Order {
		if err := checkOrder(ctx, out, syms, cfg.Market, cfg.Policy, cfg.modulePolicy); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func parse(ctx context.Context, p gate.Param, v json.RawMessage, syms Symbols) (any, error) {
	switch p.Kind {
	case gate.KindSymbol:
		return symbol(ctx, p.Name, v, syms)
	case gate.KindInt:
		return integer(p.Name, v, p.Min, p.Max)
	case gate.KindTime:
		return integer(p.Name, v, 0, maxTime)
	case gate.KindText:
		return text(p.Name, v)
	case gate.KindDecimal:
		return Decimal(p.Name, v)
	case gate.KindBool:
		return boolean(p.Name, v)
	case gate.KindClientID:
		return clientID(p.Name, v)
	case gate.KindAsset:
		return asset(p.Name, v)
	case gate.KindEnum:
		s, ok := jsonString(v)
		if !ok || !contains(p.Values, s) {
			return nil, gate.Invalid(p.Name, shown(v), describe(p), "%s must be one of %s", p.Name, strings.Join(p.Values, ", "))
		}
		return s, nil
	}
	panic(fmt.Sprintf("BUG: parameter %s has unknown kind %d", p.Name, p.Kind))
}

func symbol(ctx context.Context, field string, v json.RawMessage, syms Symbols) (string, error) {
	s, ok := jsonString(v)
	if !ok {
		return "", gate.Invalid(field, shown(v), "a symbol string such as \"BTCUSDT\"", "%s must be a string", field)
	}
	if s == "" {
		return "", gate.Invalid(field, "", "a symbol such as \"BTCUSDT\"", "%s is empty", field)
	}
	if n := utf8.RuneCountInString(s); n > MaxSymbolLen || !utf8.ValidString(s) {
		return "", gate.Invalid(field, capShown(s), fmt.Sprintf("at most %d characters", MaxSymbolLen), "%s is too long (%d characters)", field, n)
	}
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(separators, r) || unicode.In(r, unicode.Cf) {
			return "", gate.Invalid(field, capShown(s), "a symbol listed on Binance, which has no separators, spaces or control characters, e.g. \"BTCUSDT\"", "%s contains the character %q, which no symbol has", field, r)
		}
	}
	name := upperASCII(s)
	if syms == nil {
		return "", &gate.Error{Type: gate.TypeInternal, Message: "symbol validation has no exchangeInfo"}
	}
	sym, err := syms.Lookup(ctx, name)
	if err != nil {
		if e := (*gate.Error)(nil); errors.As(err, &e) {
			return "", e
		}
		return "", &gate.Error{Type: gate.TypeInternal, Message: "the list of symbols (exchangeInfo) could not be loaded"}
	}
	if sym == nil {
		return "", gate.Invalid(field, capShown(s), "a symbol listed on Binance, e.g. \"BTCUSDT\" (see get_available_assets)", "symbol %q is not listed on Binance", capShown(name))
	}
	return name, nil
}

// text accepts a short filter string: 1 to MaxSymbolLen characters of valid UTF-8 with
// no control or format characters.
func text(field string, v json.RawMessage) (string, error) {
	accepted := fmt.Sprintf("a string of 1 to %d characters", MaxSymbolLen)
	s, ok := jsonString(v)
	if !ok {
		return "", gate.Invalid(field, shown(v), accepted, "%s must be a string", field)
	}
	if n := utf8.RuneCountInString(s); n == 0 || n > MaxSymbolLen || !utf8.ValidString(s) {
		return "", gate.Invalid(field, capShown(s), accepted, "%s must have 1 to %d characters, not %d", field, MaxSymbolLen, n)
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.In(r, unicode.Cf) {
			return "", gate.Invalid(field, capShown(s), accepted, "%s contains the control character %q", field, r)
		}
	}
	return s, nil
}

// separators are characters with a meaning in a URL or a query string.
const separators = "&=?#/%+;,\\\"'<>`[]{}|^~@:!$*()"

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// integer accepts a JSON integer or a string of ASCII digits (with an optional leading
// minus), and checks it against [min, max].
func integer(field string, v json.RawMessage, min, max int64) (int64, error) {
	accepted := fmt.Sprintf("an integer from %d to %d", min, max)
	text := string(bytes.TrimSpace(v))
	if s, ok := jsonString(v); ok {
		text = s
	}
	if !isDigits(text) {
		return 0, gate.Invalid(field, shown(v), accepted, "%s must be a whole number", field)
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n < min || n > max {
		return 0, gate.Invalid(field, capShown(text), accepted, "%s is out of range", field)
	}
	return n, nil
}

func isDigits(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func jsonString(v json.RawMessage) (string, bool) {
	var s string
	if len(v) == 0 || v[0] != '"' || json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// shown returns v as the user sent it, for an error message: the string's content for a
// JSON string, the JSON text otherwise, capped.
func shown(v json.RawMessage) string {
	if s, ok := jsonString(v); ok {
		return capShown(s)
	}
	return capShown(string(v))
}

func capShown(s string) string { return gate.Cap(s, maxShownValue) }

func describe(p gate.Param) string {
	switch p.Kind {
	case gate.KindSymbol:
		return "a symbol listed on Binance, e.g. \"BTCUSDT\""
	case gate.KindInt:
		return fmt.Sprintf("an integer from %d to %d", p.Min, p.Max)
	case gate.KindEnum:
		return "one of " + strings.Join(p.Values, ", ")
	case gate.KindTime:
		return "milliseconds since 1970-01-01T00:00:00Z"
	case gate.KindText:
		return fmt.Sprintf("a string of 1 to %d characters", MaxSymbolLen)
	case gate.KindDecimal:
		return acceptedDecimal
	case gate.KindBool:
		return acceptedBool
	case gate.KindClientID:
		return acceptedClientID
	case gate.KindAsset:
		return acceptedAsset
	}
	return ""
}

func acceptedNames(op *gate.Op) string {
	names := make([]string, len(op.Params))
	for i, p := range op.Params {
		names[i] = p.Name
	}
	if len(names) == 0 {
		return "no parameters"
	}
	return strings.Join(names, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

const acceptedBool = `true or false`

// boolean accepts a JSON boolean or the strings "true" and "false".
func boolean(field string, v json.RawMessage) (bool, error) {
	text := string(bytes.TrimSpace(v))
	if s, ok := jsonString(v); ok {
		text = s
	}
	switch text {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, gate.Invalid(field, shown(v), acceptedBool, "%s must be true or false", field)
}

// clientIDPattern is the "legal range" Binance's -1100 answer names for newClientOrderId.
var clientIDPattern = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,36}$`)

const acceptedClientID = `1 to 36 characters of A-Z a-z 0-9 _ -`

func clientID(field string, v json.RawMessage) (string, error) {
	s, ok := jsonString(v)
	if !ok {
		return "", gate.Invalid(field, shown(v), acceptedClientID, "%s must be a string", field)
	}
	if !clientIDPattern.MatchString(s) {
		return "", gate.Invalid(field, capShown(s), acceptedClientID, "%s may only hold %s", field, acceptedClientID)
	}
	return s, nil
}

const acceptedAsset = `1 to 20 ASCII letters and digits, e.g. "BTC" or "BTCUSDT"`

// asset accepts a coin (BTC) or a futures symbol (BTCUSDT, BTCUSDT_250328 is not one: the
// delivery contracts are not served). They are not in the spot exchangeInfo, so the
// shape is checked instead of a listing; lower-case ASCII is upper-cased.
func asset(field string, v json.RawMessage) (string, error) {
	s, ok := jsonString(v)
	if !ok {
		return "", gate.Invalid(field, shown(v), acceptedAsset, "%s must be a string", field)
	}
	s = upperASCII(s)
	if len(s) == 0 || len(s) > MaxSymbolLen {
		return "", gate.Invalid(field, capShown(s), acceptedAsset, "%s must have 1 to %d characters", field, MaxSymbolLen)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return "", gate.Invalid(field, capShown(s), acceptedAsset, "%s may hold only letters and digits", field)
		}
	}
	return s, nil
}
