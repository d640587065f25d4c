package binancetest

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// The /sapi wallet routes (SIGNED, on the same listener). Their data is fixed, the
// stand-in's own, in the shapes of Binance's wallet documentation (doc.go, "Wallet"); it does
// not follow orders or balances.

func init() {
	sapi := func(path string, weight int, mandatory, optional []string, serve func(*Server, query, call) ([]byte, *apiError)) {
		endpoints[path] = &endpoint{
			mandatory: append(slices.Clone(mandatory), "timestamp", "signature"),
			optional:  append(slices.Clone(optional), "recvWindow"),
			weight:    fixed(weight), signed: true,
			serveOrder: func(s *Server, _ http.ResponseWriter, q query, c call) ([]byte, *apiError) {
				return serve(s, q, c)
			},
		}
	}
	sapi("/sapi/v1/capital/deposit/address", 10, []string{"coin"}, []string{"network", "amount"}, (*Server).depositAddress)
	sapi("/sapi/v1/capital/deposit/hisrec", 1, nil,
		[]string{"includeSource", "coin", "status", "startTime", "endTime", "offset", "limit", "txId"}, (*Server).depositHistory)
	sapi("/sapi/v1/capital/withdraw/history", 18, nil,
		[]string{"coin", "withdrawOrderId", "status", "offset", "limit", "idList", "startTime", "endTime"}, (*Server).withdrawHistory)
	sapi("/sapi/v1/asset/transfer", 1, []string{"type"},
		[]string{"startTime", "endTime", "current", "size", "fromSymbol", "toSymbol"}, (*Server).transferHistory)
	sapi("/sapi/v1/accountSnapshot", 2400, []string{"type"}, []string{"startTime", "endTime", "limit"}, (*Server).accountSnapshot)
	sapi("/sapi/v1/asset/tradeFee", 1, nil, []string{"symbol"}, (*Server).tradeFee)
}

// DepositAddress is one answer of GET /sapi/v1/capital/deposit/address.
type DepositAddress struct {
	Address string `json:"address"`
	Coin    string `json:"coin"`
	Tag     string `json:"tag"`
	URL     string `json:"url"`
}

// depositAddresses: coin -> network -> address; the first network listed is the default.
var depositAddresses = map[string][]struct {
	network string
	addr    DepositAddress
}{
	"BTC": {{"BTC", DepositAddress{"1HPn8Rx2y6nNSfagQBKy27GB99Vbzg89wv", "BTC", "", "https://btc.com/1HPn8Rx2y6nNSfagQBKy27GB99Vbzg89wv"}}},
	"USDT": {
		{"ETH", DepositAddress{"0x94df8b352de7f46f64b01d3666bf6e936e44ce60", "USDT", "", "https://etherscan.io/address/0x94df8b352de7f46f64b01d3666bf6e936e44ce60"}},
		{"TRX", DepositAddress{"TJDENsfBJs4RFETt1X1W8wMDc8M5XnJhCe", "USDT", "", "https://tronscan.org/#/address/TJDENsfBJs4RFETt1X1W8wMDc8M5XnJhCe"}},
	},
}

func (s *Server) depositAddress(q query, _ call) ([]byte, *apiError) {
	nets, ok := depositAddresses[q.get("coin")]
	if !ok {
		return nil, errNotValid("coin")
	}
	if !q.has("network") {
		return marshal(nets[0].addr)
	}
	for _, n := range nets {
		if n.network == q.get("network") {
			return marshal(n.addr)
		}
	}
	return nil, errNotValid("network")
}

// Deposit is one row of GET /sapi/v1/capital/deposit/hisrec.
type Deposit struct {
	ID            string `json:"id"`
	Amount        string `json:"amount"`
	Coin          string `json:"coin"`
	Network       string `json:"network"`
	Status        int    `json:"status"`
	Address       string `json:"address"`
	AddressTag    string `json:"addressTag"`
	TxID          string `json:"txId"`
	InsertTime    int64  `json:"insertTime"`
	TransferType  int    `json:"transferType"`
	ConfirmTimes  string `json:"confirmTimes"`
	UnlockConfirm int    `json:"unlockConfirm"`
	WalletType    int    `json:"walletType"`
}

// deposits are the fixed deposit history, oldest first.
var deposits = []Deposit{
	{"769800519366885376", "0.50000000", "BTC", "BTC", 1, "1HPn8Rx2y6nNSfagQBKy27GB99Vbzg89wv", "",
		"b3c3d6f8a1e5b2c4d7e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1", 1780300800000, 0, "2/2", 0, 0},
	{"769800519366885377", "2500.00000000", "USDT", "TRX", 1, "TJDENsfBJs4RFETt1X1W8wMDc8M5XnJhCe", "",
		"98a3ea560c6b3336d348b6c83f0f95ece4f1f5919e94bd006e5bf3bf264facfc", 1781094600000, 0, "1/1", 0, 0},
}

// listWindow reads offset and limit (default and maximum 1000) of the wallet histories.
func listWindow[T any](q query, rows []T) ([]T, *apiError) {
	limit, e := q.limit(1000, 1000, false)
	if e != nil {
		return nil, e
	}
	off, _, e := q.number("offset")
	if e != nil {
		return nil, e
	}
	if off >= int64(len(rows)) {
		return []T{}, nil
	}
	rows = rows[off:]
	return rows[:min(limit, len(rows))], nil
}

func (s *Server) depositHistory(q query, _ call) ([]byte, *apiError) {
	tr, e := readWalletRange(q)
	if e != nil {
		return nil, e
	}
	status, hasStatus, e := q.number("status")
	if e != nil {
		return nil, e
	}
	if c := q.get("includeSource"); q.has("includeSource") && c != "true" && c != "false" {
		return nil, errNotValid("includeSource")
	}
	rows := []Deposit{}
	for _, d := range deposits {
		if (!q.has("coin") || d.Coin == q.get("coin")) && (!hasStatus || int64(d.Status) == status) &&
			(!q.has("txId") || d.TxID == q.get("txId")) && tr.holds(d.InsertTime) {
			rows = append(rows, d)
		}
	}
	rows, e = listWindow(q, rows)
	if e != nil {
		return nil, e
	}
	return marshal(rows)
}

// readWalletRange reads startTime and endTime of the wallet histories (no span limit).
func readWalletRange(q query) (timeRange, *apiError) {
	var tr timeRange
	var e *apiError
	if tr.start, tr.hasStart, e = q.millis("startTime"); e != nil {
		return tr, e
	}
	if tr.end, tr.hasEnd, e = q.millis("endTime"); e != nil {
		return tr, e
	}
	return tr, nil
}

// Withdrawal is one row of GET /sapi/v1/capital/withdraw/history.
type Withdrawal struct {
	ID              string `json:"id"`
	Amount          string `json:"amount"`
	TransactionFee  string `json:"transactionFee"`
	Coin            string `json:"coin"`
	Status          int    `json:"status"`
	Address         string `json:"address"`
	TxID            string `json:"txId"`
	ApplyTime       string `json:"applyTime"` // UTC, "2006-01-02 15:04:05"
	Network         string `json:"network"`
	TransferType    int    `json:"transferType"`
	WithdrawOrderID string `json:"withdrawOrderId,omitempty"`
	Info            string `json:"info"`
	ConfirmNo       int    `json:"confirmNo"`
	WalletType      int    `json:"walletType"`
	TxKey           string `json:"txKey"`
	CompleteTime    string `json:"completeTime"`
}

// withdrawals are the fixed withdrawal history, oldest first.
var withdrawals = []Withdrawal{
	{"b6ae22b3aa844210a7041aee7589627c", "100.00000000", "1.00000000", "USDT", 6, "0x94df8b352de7f46f64b01d3666bf6e936e44ce60",
		"0xb5ef8c13b968a406cc62a93a8bd80f9e9a906ef1b3fcf20a2e48573c17659268", "2026-06-12 09:15:00", "ETH", 0,
		"WITHDRAWtest123", "", 12, 0, "", "2026-06-12 09:20:00"},
	{"156ec387f49b41df8724fa744fa82719", "0.01000000", "0.00020000", "BTC", 6, "1FZdVHtiBqMrWdjPyRPULCUceZPJ2WLCsB",
		"60fd9007ebfddc753455f95fafa808c4302c836e4d1eebc5a132c36c1d8ac354", "2026-06-14 16:00:00", "BTC", 0,
		"", "", 3, 0, "", "2026-06-14 16:40:00"},
}

var walletTime = "2006-01-02 15:04:05"

func (s *Server) withdrawHistory(q query, _ call) ([]byte, *apiError) {
	tr, e := readWalletRange(q)
	if e != nil {
		return nil, e
	}
	status, hasStatus, e := q.number("status")
	if e != nil {
		return nil, e
	}
	var ids []string
	if q.has("idList") {
		ids = splitComma(q.get("idList"))
	}
	rows := []Withdrawal{}
	for _, w := range withdrawals {
		t, _ := time.Parse(walletTime, w.ApplyTime)
		if (!q.has("coin") || w.Coin == q.get("coin")) && (!hasStatus || int64(w.Status) == status) &&
			(!q.has("withdrawOrderId") || w.WithdrawOrderID == q.get("withdrawOrderId")) &&
			(ids == nil || slices.Contains(ids, w.ID)) && tr.holds(t.UnixMilli()) {
			rows = append(rows, w)
		}
	}
	rows, e = listWindow(q, rows)
	if e != nil {
		return nil, e
	}
	return marshal(rows)
}

func splitComma(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != ',' {
			i++
		}
		out = append(out, s[:i])
		if i == len(s) {
			break
		}
		s = s[i+1:]
	}
	return out
}

// Transfer is one row of GET /sapi/v1/asset/transfer.
type Transfer struct {
	Asset     string `json:"asset"`
	Amount    string `json:"amount"`
	Type      string `json:"type"`
	Status    string `json:"status"`
	TranID    int64  `json:"tranId"`
	Timestamp int64  `json:"timestamp"`
}

// transfers are the fixed universal-transfer history, oldest first.
var transfers = []Transfer{
	{"USDT", "1000.00000000", "MAIN_UMFUTURE", "CONFIRMED", 11415955596, 1781337600000},
	{"USDT", "250.00000000", "UMFUTURE_MAIN", "CONFIRMED", 11415955597, 1781424000000},
}

// transferTypes are the universal-transfer types Binance documents.
var transferTypes = []string{
	"MAIN_UMFUTURE", "MAIN_CMFUTURE", "MAIN_MARGIN", "UMFUTURE_MAIN", "UMFUTURE_MARGIN", "CMFUTURE_MAIN",
	"CMFUTURE_MARGIN", "MARGIN_MAIN", "MARGIN_UMFUTURE", "MARGIN_CMFUTURE", "ISOLATEDMARGIN_MARGIN",
	"MARGIN_ISOLATEDMARGIN", "ISOLATEDMARGIN_ISOLATEDMARGIN", "MAIN_FUNDING", "FUNDING_MAIN",
	"FUNDING_UMFUTURE", "UMFUTURE_FUNDING", "MARGIN_FUNDING", "FUNDING_MARGIN", "FUNDING_CMFUTURE",
	"CMFUTURE_FUNDING", "MAIN_OPTION", "OPTION_MAIN", "UMFUTURE_OPTION", "OPTION_UMFUTURE",
	"MARGIN_OPTION", "OPTION_MARGIN", "FUNDING_OPTION", "OPTION_FUNDING", "MAIN_PORTFOLIO_MARGIN",
	"PORTFOLIO_MARGIN_MAIN", "MAIN_C2C", "C2C_MAIN",
}

// transferHistory answers {"total":N,"rows":[...]}, or {"total":0} (no rows field) when
// nothing matches, as Binance does. current (page, from 1) and size (default 10, max 100).
func (s *Server) transferHistory(q query, _ call) ([]byte, *apiError) {
	typ := q.get("type")
	if !slices.Contains(transferTypes, typ) {
		return nil, errNotValid("type")
	}
	tr, e := readWalletRange(q)
	if e != nil {
		return nil, e
	}
	cur, hasCur, e := q.number("current")
	if e != nil {
		return nil, e
	}
	if !hasCur {
		cur = 1
	}
	size, hasSize, e := q.number("size")
	if e != nil {
		return nil, e
	}
	if !hasSize {
		size = 10
	}
	if cur < 1 {
		return nil, errNotValid("current")
	}
	if size < 1 || size > 100 {
		return nil, errNotValid("size")
	}
	var rows []Transfer
	for _, t := range transfers {
		if t.Type == typ && tr.holds(t.Timestamp) {
			rows = append(rows, t)
		}
	}
	if len(rows) == 0 {
		return []byte(`{"total":0}`), nil
	}
	total := len(rows)
	from := min((cur-1)*size, int64(total))
	page := rows[from:min(from+size, int64(total))]
	return marshal(struct {
		Total int        `json:"total"`
		Rows  []Transfer `json:"rows"`
	}{total, page})
}

// snapshotData is the fixed data of each accountSnapshot type, as JSON.
var snapshotData = map[string]string{
	"SPOT": `{"balances":[{"asset":"BTC","free":"0.09905021","locked":"0.00000000"},` +
		`{"asset":"USDT","free":"1.89109409","locked":"0.00000000"}],"totalAssetOfBtc":"0.09942700"}`,
	"MARGIN": `{"marginLevel":"2748.02909813","totalAssetOfBtc":"0.00274803","totalLiabilityOfBtc":"0.00000100",` +
		`"totalNetAssetOfBtc":"0.00274750","userAssets":[{"asset":"XRP","borrowed":"0.00000000","free":"1.00000000",` +
		`"interest":"0.00000000","locked":"0.00000000","netAsset":"1.00000000"}]}`,
	"FUTURES": `{"assets":[{"asset":"USDT","marginBalance":"118.99782335","walletBalance":"120.23811389"}],` +
		`"position":[{"entryPrice":"7130.41000000","markPrice":"7257.66239673","positionAmt":"0.01000000",` +
		`"symbol":"BTCUSDT","unRealizedProfit":"1.24029054"}]}`,
}

// accountSnapshot answers one daily snapshot per day, oldest first: the limit (7-30, default
// 7) days whose updateTime (23:59:59.999 UTC) is before the server time, or those within
// startTime and endTime. The data is the same each day.
func (s *Server) accountSnapshot(q query, c call) ([]byte, *apiError) {
	typ := q.get("type")
	data, ok := snapshotData[typ]
	if !ok {
		return nil, errNotValid("type")
	}
	tr, e := readWalletRange(q)
	if e != nil {
		return nil, e
	}
	limit, e := q.limit(7, 30, false)
	if e != nil {
		return nil, e
	}
	if limit < 7 {
		return nil, errNotValid("limit")
	}
	dayMS := day.Milliseconds()
	last := c.serverTime.UnixMilli()/dayMS*dayMS - 1 // end of yesterday, UTC
	if tr.hasEnd && tr.end < last {
		last = (tr.end+1)/dayMS*dayMS - 1
	}
	type vo struct {
		Data       json.RawMessage `json:"data"`
		Type       string          `json:"type"`
		UpdateTime int64           `json:"updateTime"`
	}
	vos := []vo{}
	for i := limit - 1; i >= 0; i-- {
		t := last - int64(i)*dayMS
		if tr.holds(t) {
			vos = append(vos, vo{json.RawMessage(data), lower(typ), t})
		}
	}
	return marshal(struct {
		Code        int    `json:"code"`
		Msg         string `json:"msg"`
		SnapshotVos []vo   `json:"snapshotVos"`
	}{200, "", vos})
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// tradeFee answers the account's rates (0.0015, those of the account fixture and of the
// fills) for the symbol, or for every listed symbol in exchangeInfo order.
func (s *Server) tradeFee(q query, _ call) ([]byte, *apiError) {
	type fee struct {
		Symbol          string `json:"symbol"`
		MakerCommission string `json:"makerCommission"`
		TakerCommission string `json:"takerCommission"`
	}
	sym, hasSym, e := q.symbol()
	if e != nil {
		return nil, e
	}
	if hasSym {
		if _, e := s.lookup(sym); e != nil {
			return nil, e
		}
		return marshal([]fee{{sym, "0.0015", "0.0015"}})
	}
	out := make([]fee, len(s.data.info.index))
	for name, i := range s.data.info.index {
		out[i] = fee{name, "0.0015", "0.0015"}
	}
	return marshal(out)
}

// marshal encodes an answer; the stand-in's own values always encode.
func marshal(v any) ([]byte, *apiError) {
	b, err := json.Marshal(v)
	if err != nil {
		panic("BUG: binancetest: " + err.Error())
	}
	return b, nil
}
