package binancetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"time"
)

// startUSDT is the USDT balance added to the account fixture, which has none (BTCUSDT orders
// need one). Documented in doc.go.
const startUSDT = "1000000.00000000"

// balance is one asset of the account: free and locked, exact.
type balance struct {
	free, locked *big.Rat
}

// Balance is one asset of the account as GET /api/v3/account writes it (8 decimals).
type Balance struct {
	Asset  string `json:"asset"`
	Free   string `json:"free"`
	Locked string `json:"locked"`
}

// accountDoc reads the account fixture, compacted.
func accountDoc() []byte {
	raw, err := testdata.ReadFile(accountFile)
	if err != nil {
		panic("BUG: binancetest fixtures: " + err.Error())
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		panic("BUG: binancetest fixtures: " + accountFile + ": " + err.Error())
	}
	return b.Bytes()
}

// initBalances sets the starting balances: those of the account fixture, then USDT.
func (s *Server) initBalances() {
	var doc struct{ Balances []Balance }
	if err := json.Unmarshal(accountDoc(), &doc); err != nil {
		panic("BUG: binancetest fixtures: " + accountFile + ": " + err.Error())
	}
	s.balances = make(map[string]*balance)
	s.assets = nil
	for _, b := range doc.Balances {
		s.balances[b.Asset] = &balance{free: rat(b.Free), locked: rat(b.Locked)}
		s.assets = append(s.assets, b.Asset)
	}
	if _, ok := s.balances["USDT"]; !ok {
		s.balances["USDT"] = &balance{free: rat(startUSDT), locked: new(big.Rat)}
		s.assets = append(s.assets, "USDT")
	}
}

// bal returns the balance of asset, adding a zero one; s.mu is held.
func (s *Server) bal(asset string) *balance {
	b, ok := s.balances[asset]
	if !ok {
		b = &balance{free: new(big.Rat), locked: new(big.Rat)}
		s.balances[asset] = b
		s.assets = append(s.assets, asset)
	}
	return b
}

// Balances returns the account's balances in the order of GET /api/v3/account: the fixture's
// (BTC, LTC), then USDT, then assets first received by a fill.
func (s *Server) Balances() []Balance {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.balanceList(false)
}

func (s *Server) balanceList(omitZero bool) []Balance {
	out := make([]Balance, 0, len(s.assets))
	for _, a := range s.assets {
		b := s.balances[a]
		if omitZero && b.free.Sign() == 0 && b.locked.Sign() == 0 {
			continue
		}
		out = append(out, Balance{a, b.free.FloatString(8), b.locked.FloatString(8)})
	}
	return out
}

// SetBalance sets the free balance of asset (a decimal like "12.5"), adding the asset if the
// account has none. Its locked balance is left alone.
func (s *Server) SetBalance(asset, free string) error {
	f, ok := new(big.Rat).SetString(free)
	if !ok || f.Sign() < 0 || asset == "" {
		return fmt.Errorf("binancetest: bad balance %q %q", asset, free)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bal(asset).free = f
	return nil
}

// account answers GET /api/v3/account: the fixture with its balances replaced by the
// account's current ones. omitZeroBalances=true leaves out assets with free and locked zero.
func (s *Server) account(q query, _ time.Time) ([]byte, *apiError) {
	omit := false
	if q.has("omitZeroBalances") {
		switch q.get("omitZeroBalances") {
		case "true":
			omit = true
		case "false":
		default:
			return nil, errNotValid("omitZeroBalances")
		}
	}
	doc := accountDoc()
	i := bytes.Index(doc, []byte(`"balances":[`))
	if i < 0 {
		panic("BUG: binancetest fixtures: " + accountFile + ": no balances")
	}
	i += len(`"balances":`)
	j := i + bytes.IndexByte(doc[i:], ']') + 1 // balance objects hold no arrays
	s.mu.Lock()
	list, _ := json.Marshal(s.balanceList(omit))
	s.mu.Unlock()
	out := append(append(append([]byte{}, doc[:i]...), list...), doc[j:]...)
	return out, nil
}

// errInsufficient is the matching engine's -2010 for an order the balance does not cover.
func errInsufficient() *apiError {
	return errRejected("Account has insufficient balance for requested action.")
}

// lockFor is what a resting order locks: price * quantity of the quote asset for a BUY, the
// quantity of the base asset for a SELL.
func lockFor(o *newOrder, r *symbolRules) (string, *big.Rat) {
	if o.side == "SELL" {
		return r.BaseAsset, o.qty
	}
	p := o.price
	if p == nil {
		p = o.stopPrice
	}
	if p == nil {
		return r.QuoteAsset, new(big.Rat)
	}
	return r.QuoteAsset, mul(p, o.qty)
}

// covers reports whether the free balance of asset is at least amt; s.mu is held. Unlike
// bal, it adds no balance: a refused order leaves the account's asset list alone.
func (s *Server) covers(asset string, amt *big.Rat) bool {
	b, ok := s.balances[asset]
	if !ok {
		return amt.Sign() <= 0
	}
	return b.free.Cmp(amt) >= 0
}

// lock moves amt of asset from free to locked, or answers -2010; s.mu is held.
func (s *Server) lock(asset string, amt *big.Rat) *apiError {
	if !s.covers(asset, amt) {
		return errInsufficient()
	}
	b := s.bal(asset)
	b.free = new(big.Rat).Sub(b.free, amt)
	b.locked = new(big.Rat).Add(b.locked, amt)
	return nil
}

// unlock moves amt of asset back from locked to free; s.mu is held.
func (s *Server) unlock(asset string, amt *big.Rat) {
	if amt == nil {
		return
	}
	b := s.bal(asset)
	b.locked = new(big.Rat).Sub(b.locked, amt)
	b.free = new(big.Rat).Add(b.free, amt)
}

// add changes the free balance of asset by d; s.mu is held.
func (s *Server) add(asset string, d *big.Rat) {
	b := s.bal(asset)
	b.free = new(big.Rat).Add(b.free, d)
}
