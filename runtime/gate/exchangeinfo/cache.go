package exchangeinfo

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Symbol is one entry of exchangeInfo's symbols[].
type Symbol struct {
	Name       string
	Status     string
	BaseAsset  string
	QuoteAsset string
	// Raw is the symbol's object exactly as Binance sent it.
	Raw json.RawMessage
}

// RateLimit is one entry of exchangeInfo's rateLimits[].
type RateLimit struct {
	RateLimitType string `json:"rateLimitType"`
	Interval      string `json:"interval"`
	IntervalNum   int    `json:"intervalNum"`
	Limit         int    `json:"limit"`
}

// Window returns the length of the limit's interval.
func (r RateLimit) Window() time.Duration {
	unit := map[string]time.Duration{"SECOND": time.Second, "MINUTE": time.Minute, "HOUR": time.Hour, "DAY": 24 * time.Hour}[r.Interval]
	return time.Duration(r.IntervalNum) * unit
}

// Info is a parsed exchangeInfo.
type Info struct {
	RateLimits []RateLimit
	symbols    map[string]*Symbol
	rows       []Row // every symbol, in exchange order
}

// Row is the compact form of a symbol that listings return.
type Row struct {
	Symbol     string `json:"symbol"`
	Status     string `json:"status"`
	BaseAsset  string `json:"baseAsset"`
	QuoteAsset string `json:"quoteAsset"`
}

// Query selects rows: exact (case-insensitive) asset and status filters, a
// case-insensitive substring of the symbol, and a page. Empty filters match everything.
type Query struct {
	QuoteAsset, BaseAsset, Status, Search string
	Offset, Limit                         int
}

// Find returns the number of rows q matches and the page of them it asks for, in
// exchange order. The listing lives here, in the host, because a module decoding the
// whole list on every call would spend hundreds of milliseconds in Wasm.
func (i *Info) Find(q Query) (total int, page []Row) {
	search := strings.ToUpper(q.Search)
	page = []Row{}
	for _, r := range i.rows {
		if (q.QuoteAsset != "" && !strings.EqualFold(r.QuoteAsset, q.QuoteAsset)) ||
			(q.BaseAsset != "" && !strings.EqualFold(r.BaseAsset, q.BaseAsset)) ||
			(q.Status != "" && !strings.EqualFold(r.Status, q.Status)) ||
			(search != "" && !strings.Contains(strings.ToUpper(r.Symbol), search)) {
			continue
		}
		if total >= q.Offset && len(page) < q.Limit {
			page = append(page, r)
		}
		total++
	}
	return total, page
}

// Lookup returns the symbol named name, or nil.
func (i *Info) Lookup(name string) *Symbol { return i.symbols[name] }

// Parse decodes an exchangeInfo document.
func Parse(body []byte) (*Info, error) {
	var doc struct {
		RateLimits []RateLimit       `json:"rateLimits"`
		Symbols    []json.RawMessage `json:"symbols"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("exchangeinfo: decode: %w", err)
	}
	info := &Info{RateLimits: doc.RateLimits, symbols: make(map[string]*Symbol, len(doc.Symbols))}
	info.rows = make([]Row, 0, len(doc.Symbols))
	for _, raw := range doc.Symbols {
		var c Row
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, fmt.Errorf("exchangeinfo: decode symbol: %w", err)
		}
		if c.Symbol == "" {
			continue
		}
		info.symbols[c.Symbol] = &Symbol{Name: c.Symbol, Status: c.Status, BaseAsset: c.BaseAsset, QuoteAsset: c.QuoteAsset, Raw: raw}
		info.rows = append(info.rows, c)
	}
	if len(info.symbols) == 0 {
		return nil, fmt.Errorf("exchangeinfo: the document lists no symbols")
	}
	return info, nil
}

// Cache holds the current Info. It is safe for concurrent use; concurrent callers that
// find it empty or expired wait for one fetch.
type Cache struct {
	cfg Config

	fetchMu sync.Mutex // held while fetching, so one fetch serves all waiters
	mu      sync.Mutex
	info    *Info
	fetched time.Time
	stale   bool
}

// Config says how a Cache fills itself. Fetch and Now are required.
type Config struct {
	// Fetch returns the raw exchangeInfo document.
	Fetch func(ctx context.Context) ([]byte, error)
	// TTL is how long a copy is used before it is fetched again; default 10 minutes.
	TTL time.Duration
	// Now is the clock (time.Now in production).
	Now func() time.Time
	// OnRefresh, if set, is called with every newly fetched Info (the rate limiter takes
	// its budget from it).
	OnRefresh func(*Info)
}

// New returns an empty Cache.
func New(cfg Config) *Cache {
	if cfg.TTL <= 0 {
		cfg.TTL = 10 * time.Minute
	}
	return &Cache{cfg: cfg}
}

// Get returns the current Info, fetching it when there is none or it expired.
func (c *Cache) Get(ctx context.Context) (*Info, error) {
	if info, ok := c.fresh(); ok {
		return info, nil
	}
	c.fetchMu.Lock()
	defer c.fetchMu.Unlock()
	if info, ok := c.fresh(); ok { // another caller fetched while we waited
		return info, nil
	}
	body, err := c.cfg.Fetch(ctx)
	var info *Info
	if err == nil {
		info, err = Parse(body)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		if c.info != nil {
			return c.info, nil // keep serving the older copy
		}
		return nil, err
	}
	c.info, c.fetched, c.stale = info, c.cfg.Now(), false
	if c.cfg.OnRefresh != nil {
		c.cfg.OnRefresh(info)
	}
	return info, nil
}

func (c *Cache) fresh() (*Info, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.info == nil || c.stale || c.cfg.Now().Sub(c.fetched) >= c.cfg.TTL {
		return c.info, false
	}
	return c.info, true
}

// Invalidate marks the current copy expired; the next Get fetches again.
func (c *Cache) Invalidate() {
	c.mu.Lock()
	c.stale = true
	c.mu.Unlock()
}
