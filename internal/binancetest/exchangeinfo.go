package binancetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"
)

// infoDoc is the recorded exchangeInfo document, split so that it can be served whole (with
// the current serverTime) or cut down to some symbols, always from the recorded bytes.
type infoDoc struct {
	timezone        json.RawMessage
	serverTime      int64 // as recorded
	rateLimits      []rateLimit
	exchangeFilters json.RawMessage
	symbols         []json.RawMessage
	joined          []byte // symbols joined with commas
	names           []string
	status          []string
	perms           [][]string
	index           map[string]int // symbol name to position in symbols
}

// rateLimit is one entry of rateLimits, its fields in Binance's order.
type rateLimit struct {
	RateLimitType string `json:"rateLimitType"`
	Interval      string `json:"interval"`
	IntervalNum   int    `json:"intervalNum"`
	Limit         int    `json:"limit"`
}

func parseInfo(raw []byte) (*infoDoc, error) {
	var top struct {
		Timezone        json.RawMessage   `json:"timezone"`
		ServerTime      int64             `json:"serverTime"`
		RateLimits      []rateLimit       `json:"rateLimits"`
		ExchangeFilters json.RawMessage   `json:"exchangeFilters"`
		Symbols         []json.RawMessage `json:"symbols"`
	}
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, err
	}
	d := &infoDoc{
		timezone:        top.Timezone,
		serverTime:      top.ServerTime,
		rateLimits:      top.RateLimits,
		exchangeFilters: top.ExchangeFilters,
		symbols:         top.Symbols,
		index:           make(map[string]int, len(top.Symbols)),
	}
	d.joined = joinRaw(top.Symbols)
	for i, r := range top.Symbols {
		var s struct {
			Symbol      string   `json:"symbol"`
			Status      string   `json:"status"`
			Permissions []string `json:"permissions"`
		}
		if err := json.Unmarshal(r, &s); err != nil {
			return nil, err
		}
		if _, dup := d.index[s.Symbol]; dup || s.Symbol == "" {
			return nil, errors.New("symbol missing or listed twice: " + s.Symbol)
		}
		d.index[s.Symbol] = i
		d.names = append(d.names, s.Symbol)
		d.status = append(d.status, s.Status)
		d.perms = append(d.perms, s.Permissions)
	}
	if weightLimit(d.rateLimits) <= 0 {
		return nil, errors.New("no REQUEST_WEIGHT per 1 MINUTE in rateLimits")
	}
	return d, nil
}

// weightLimit is the REQUEST_WEIGHT limit per minute, or 0 when rateLimits has none.
func weightLimit(rls []rateLimit) int {
	for _, rl := range rls {
		if rl.RateLimitType == "REQUEST_WEIGHT" && rl.Interval == "MINUTE" && rl.IntervalNum == 1 {
			return rl.Limit
		}
	}
	return 0
}

// withWeightLimit returns the rate limits with the REQUEST_WEIGHT limit set to n.
func withWeightLimit(rls []rateLimit, n int) []rateLimit {
	out := slices.Clone(rls)
	for i, rl := range out {
		if rl.RateLimitType == "REQUEST_WEIGHT" && rl.Interval == "MINUTE" && rl.IntervalNum == 1 {
			out[i].Limit = n
		}
	}
	return out
}

// document writes the exchangeInfo answer: the recorded fields in the recorded order, the
// current serverTime, and the given symbols (all of them when joined is the full list).
func (s *Server) infoDocument(now time.Time, symbols []byte) []byte {
	d := s.data.info
	rls, _ := json.Marshal(s.rateLimits)
	var b bytes.Buffer
	b.Grow(len(symbols) + 512)
	b.WriteString(`{"timezone":`)
	b.Write(d.timezone)
	b.WriteString(`,"serverTime":`)
	b.WriteString(strconv.FormatInt(now.UnixMilli(), 10))
	b.WriteString(`,"rateLimits":`)
	b.Write(rls)
	b.WriteString(`,"exchangeFilters":`)
	b.Write(d.exchangeFilters)
	b.WriteString(`,"symbols":[`)
	b.Write(symbols)
	b.WriteString(`]}`)
	return b.Bytes()
}

// exchangeInfo answers GET /api/v3/exchangeInfo.
func (s *Server) exchangeInfo(q query, now time.Time) ([]byte, *apiError) {
	d := s.data.info
	sym, hasSym, e := q.symbol()
	if e != nil {
		return nil, e
	}
	list, hasList, e := q.symbolList()
	if e != nil {
		return nil, e
	}
	status, e := q.symbolStatus()
	if e != nil {
		return nil, e
	}
	perms, e := permissionsParam(q)
	if e != nil {
		return nil, e
	}
	if show := q.get("showPermissionSets"); q.has("showPermissionSets") && show != "true" && show != "false" {
		return nil, errNotValid("showPermissionSets")
	}
	if hasSym && hasList || (hasSym || hasList) && (status != "" || perms != nil) {
		return nil, errCombination()
	}
	if hasSym {
		list = []string{sym}
	}
	if list != nil {
		var picked []json.RawMessage
		for _, name := range list {
			i, ok := d.index[name]
			if !ok {
				return nil, errSymbol()
			}
			picked = append(picked, d.symbols[i])
		}
		return s.infoDocument(now, joinRaw(picked)), nil
	}
	if status == "" && perms == nil {
		return s.infoDocument(now, d.joined), nil
	}
	var picked []json.RawMessage
	for i, r := range d.symbols {
		if status != "" && d.status[i] != status {
			continue
		}
		if perms != nil && !slices.ContainsFunc(d.perms[i], func(p string) bool { return slices.Contains(perms, p) }) {
			continue
		}
		picked = append(picked, r)
	}
	return s.infoDocument(now, joinRaw(picked)), nil
}

// joinRaw joins JSON values with commas.
func joinRaw(items []json.RawMessage) []byte {
	var b bytes.Buffer
	for i, r := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(r)
	}
	return b.Bytes()
}

// permissionsParam reads permissions: one name (SPOT) or a JSON array (["MARGIN","LEVERAGED"]).
func permissionsParam(q query) ([]string, *apiError) {
	if !q.has("permissions") {
		return nil, nil
	}
	v := q.get("permissions")
	var list []string
	if v[0] == '[' {
		if err := json.Unmarshal([]byte(v), &list); err != nil || len(list) == 0 {
			return nil, errNotValid("permissions")
		}
	} else {
		list = []string{v}
	}
	for _, p := range list {
		if p == "" || !isUpperWord(p) {
			return nil, errNotValid("permissions")
		}
	}
	return list, nil
}

func isUpperWord(s string) bool {
	for _, r := range s {
		if !('A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
