package binancetest

import (
	"net/http"
	"strings"
	"testing"
)

// The starting balances: the account fixture's BTC and LTC, then USDT (startUSDT).
const (
	startBTC = "4723846.89208129"
	startLTC = "4763368.68006011"
)

func balanceOf(t *testing.T, s *Server, asset string) Balance {
	t.Helper()
	for _, b := range s.Balances() {
		if b.Asset == asset {
			return b
		}
	}
	t.Fatalf("no %s balance in %+v", asset, s.Balances())
	return Balance{}
}

// wantBalances fails unless s's balances are want, in order.
func wantBalances(t *testing.T, s *Server, want ...Balance) {
	t.Helper()
	got := s.Balances()
	if len(got) != len(want) {
		t.Fatalf("balances %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("balance %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestStartingBalances(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	wantBalances(t, s, Balance{"BTC", startBTC, "0.00000000"}, Balance{"LTC", startLTC, "0.00000000"}, Balance{"USDT", startUSDT, "0.00000000"})
	// GET /api/v3/account serves the same balances in the fixture's document.
	a := sreq(t, s, http.MethodGet, "/api/v3/account", "")
	want := `"balances":[{"asset":"BTC","free":"` + startBTC + `","locked":"0.00000000"},{"asset":"LTC","free":"` + startLTC +
		`","locked":"0.00000000"},{"asset":"USDT","free":"1000000.00000000","locked":"0.00000000"}],"permissions":["SPOT"],"uid":354937868}`
	if a.status != 200 || !strings.HasSuffix(string(a.body), want) || !strings.HasPrefix(string(a.body), `{"makerCommission":15,`) {
		t.Errorf("account: %d %s", a.status, a.body)
	}
}

// TestBalancesFollowOrders: fills move balances, resting orders lock them, cancels unlock.
// BTCUSDT fills at 65861.66, commission 0.0015 of what is received.
func TestBalancesFollowOrders(t *testing.T) {
	zero := "0.00000000"
	cases := []struct {
		name   string
		orders []string // placed in turn, each must be accepted
		cancel string   // then DELETE /api/v3/order with these parameters, if set
		want   []Balance
	}{
		{"MARKET BUY", []string{mktBuy}, "", []Balance{
			{"BTC", "4723846.89307979", zero}, // + 0.001 - 0.0000015
			{"LTC", startLTC, zero},
			{"USDT", "999934.13834000", zero}, // - 65.86166
		}},
		{"MARKET SELL", []string{"symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.001"}, "", []Balance{
			{"BTC", "4723846.89108129", zero}, // - 0.001
			{"LTC", startLTC, zero},
			{"USDT", "1000065.76286751", zero}, // + 65.86166 - 0.09879249
		}},
		{"MARKET BUY quoteOrderQty", []string{"symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=100"}, "", []Balance{
			{"BTC", "4723846.89358902", zero}, // + 0.00151 - 0.000002265
			{"LTC", startLTC, zero},
			{"USDT", "999900.54889340", zero}, // - 0.00151 * 65861.66 = 99.4511066
		}},
		{"LIMIT BUY locks quote", []string{limBuy}, "", []Balance{
			{"BTC", startBTC, zero}, {"LTC", startLTC, zero}, {"USDT", "999400.00000000", "600.00000000"},
		}},
		{"LIMIT SELL locks base", []string{limSell}, "", []Balance{
			{"BTC", "4723846.88208129", "0.01000000"}, {"LTC", startLTC, zero}, {"USDT", startUSDT, zero},
		}},
		{"STOP_LOSS_LIMIT BUY locks price * quantity", []string{"symbol=BTCUSDT&side=BUY&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.01&price=70000&stopPrice=69000"}, "", []Balance{
			{"BTC", startBTC, zero}, {"LTC", startLTC, zero}, {"USDT", "999300.00000000", "700.00000000"},
		}},
		{"LIMIT BUY canceled unlocks", []string{limBuy}, "symbol=BTCUSDT&orderId=1", []Balance{
			{"BTC", startBTC, zero}, {"LTC", startLTC, zero}, {"USDT", startUSDT, zero},
		}},
		{"LIMIT SELL canceled unlocks", []string{limSell, limBuy}, "symbol=BTCUSDT&orderId=1", []Balance{
			{"BTC", startBTC, zero}, {"LTC", startLTC, zero}, {"USDT", "999400.00000000", "600.00000000"},
		}},
		{"ADABTC BUY locks BTC", []string{adaBuy}, "", []Balance{
			{"BTC", "4723846.89198129", "0.00010000"}, {"LTC", startLTC, zero}, {"USDT", startUSDT, zero},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := start(t, WithAPIKey(docKey, docSecret))
			for _, p := range c.orders {
				mustOK(t, order(t, s, p))
			}
			if c.cancel != "" {
				mustOK(t, sreq(t, s, http.MethodDelete, "/api/v3/order", c.cancel))
			}
			wantBalances(t, s, c.want...)
		})
	}
}

// TestCancelOpenOrdersUnlocks: DELETE /api/v3/openOrders unlocks what each order locked.
func TestCancelOpenOrdersUnlocks(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	mustOK(t, order(t, s, limBuy))
	mustOK(t, order(t, s, limBuy))
	mustOK(t, order(t, s, limSell))
	if b := balanceOf(t, s, "USDT"); b.Locked != "1200.00000000" {
		t.Fatalf("USDT %+v", b)
	}
	mustOK(t, sreq(t, s, http.MethodDelete, "/api/v3/openOrders", "symbol=BTCUSDT"))
	wantBalances(t, s, Balance{"BTC", startBTC, "0.00000000"}, Balance{"LTC", startLTC, "0.00000000"}, Balance{"USDT", startUSDT, "0.00000000"})
}

// TestInsufficientBalance: an order the free balance does not cover is -2010, not placed, and
// not counted against the ORDERS limits; the balances are unchanged.
func TestInsufficientBalance(t *testing.T) {
	const msg = "Account has insufficient balance for requested action."
	cases := []struct {
		name, asset, free, enough, params string
	}{
		{"LIMIT BUY", "USDT", "599.99999999", "600", limBuy},
		{"LIMIT SELL", "BTC", "0.00999999", "0.01", limSell},
		{"MARKET BUY", "USDT", "65.86165999", "65.86166", mktBuy},
		{"MARKET SELL", "BTC", "0.00099999", "0.001", "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.001"},
		{"locked is not free", "USDT", "1000", "1200", limBuy + "&icebergQty=0.001"}, // after a LIMIT BUY locking 600
		{"asset not held", "ETH", "", "1", "symbol=ETHBTC&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.06"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := start(t, WithAPIKey(docKey, docSecret))
			if c.free != "" {
				if err := s.SetBalance(c.asset, c.free); err != nil {
					t.Fatal(err)
				}
			}
			if c.name == "locked is not free" {
				mustOK(t, order(t, s, limBuy)) // locks 600 of the 1000
			}
			before, placed := s.Balances(), s.Placements()
			a := order(t, s, c.params)
			wantError(t, a, http.StatusBadRequest, -2010, msg)
			if n := s.Placements(); n != placed {
				t.Errorf("Placements %d, want %d", n, placed)
			}
			if got := a.header.Get("X-MBX-ORDER-COUNT-10S"); got != "" && got != "0" && c.name != "locked is not free" {
				t.Errorf("refused order counted: X-MBX-ORDER-COUNT-10S %q", got)
			}
			if after := s.Balances(); len(after) != len(before) {
				t.Errorf("balances %+v, want %+v", after, before)
			} else {
				for i := range before {
					if after[i] != before[i] {
						t.Errorf("balance %+v changed to %+v", before[i], after[i])
					}
				}
			}
			// With just enough free, the same order is accepted and leaves nothing free.
			if err := s.SetBalance(c.asset, c.enough); err != nil {
				t.Fatal(err)
			}
			mustOK(t, order(t, s, c.params))
			if c.name == "locked is not free" {
				return
			}
			if b := balanceOf(t, s, c.asset); b.Free != "0.00000000" {
				t.Errorf("after the covered order: %+v", b)
			}
		})
	}
}

// TestSetBalance: SetBalance sets the free balance, adding an asset; bad values are refused.
func TestSetBalance(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	if err := s.SetBalance("ETH", "2.5"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetBalance("USDT", "10"); err != nil {
		t.Fatal(err)
	}
	wantBalances(t, s, Balance{"BTC", startBTC, "0.00000000"}, Balance{"LTC", startLTC, "0.00000000"},
		Balance{"USDT", "10.00000000", "0.00000000"}, Balance{"ETH", "2.50000000", "0.00000000"})
	for _, bad := range [][2]string{{"ETH", "-1"}, {"ETH", "x"}, {"", "1"}} {
		if err := s.SetBalance(bad[0], bad[1]); err == nil {
			t.Errorf("SetBalance(%q, %q) accepted", bad[0], bad[1])
		}
	}
	// omitZeroBalances=true leaves out an asset with nothing free or locked.
	if err := s.SetBalance("ETH", "0"); err != nil {
		t.Fatal(err)
	}
	a := sreq(t, s, http.MethodGet, "/api/v3/account", "omitZeroBalances=true")
	if a.status != 200 || strings.Contains(string(a.body), `"ETH"`) {
		t.Errorf("omitZeroBalances=true: %s", a.body)
	}
	a = sreq(t, s, http.MethodGet, "/api/v3/account", "omitZeroBalances=false")
	if a.status != 200 || !strings.Contains(string(a.body), `{"asset":"ETH","free":"0.00000000","locked":"0.00000000"}`) {
		t.Errorf("omitZeroBalances=false: %s", a.body)
	}
	wantError(t, sreq(t, s, http.MethodGet, "/api/v3/account", "omitZeroBalances=yes"), 400, -1130, "Data sent for parameter 'omitZeroBalances' is not valid.")
}

// TestControlBalances: the control routes for placements, trades and balances.
func TestControlBalances(t *testing.T) {
	s, _ := start(t, WithAPIKey(docKey, docSecret))
	mustOK(t, order(t, s, mktBuy))
	cases := []struct {
		method, route, body string
		status              int
		want                string // a substring of the answer
	}{
		{"GET", "placements", "", 200, `{"placements":1}`},
		{"GET", "trades", "", 200, `[{"symbol":"BTCUSDT","id":1,"orderId":1,"orderListId":-1,"price":"65861.66000000","qty":"0.00100000","quoteQty":"65.86166000","commission":"0.00000150","commissionAsset":"BTC","time":1781506390000,"isBuyer":true,"isMaker":false,"isBestMatch":true}]`},
		{"GET", "balances", "", 200, `{"asset":"USDT","free":"999934.13834000","locked":"0.00000000"}`},
		{"POST", "balance", `{"asset":"ETH","free":"3"}`, 200, `{"asset":"ETH","free":"3.00000000","locked":"0.00000000"}`},
		{"POST", "balance", `{"asset":"ETH","free":"-3"}`, 400, `"error"`},
		{"POST", "balance", `{"asset":"ETH","free":"3","locked":"1"}`, 400, `unknown field`},
	}
	for _, c := range cases {
		a := do(t, c.method, s.URL()+"/__standin/"+c.route, c.body)
		if a.status != c.status || !strings.Contains(string(a.body), c.want) {
			t.Errorf("%s %s: %d %s, want %d with %s", c.method, c.route, a.status, a.body, c.status, c.want)
		}
	}
	if b := balanceOf(t, s, "ETH"); b.Free != "3.00000000" {
		t.Errorf("ETH %+v", b)
	}
	if len(s.Requests()) != 1 {
		t.Errorf("control requests recorded: %d records", len(s.Requests()))
	}
}
