package redact

import (
	"fmt"
	"strings"
	"testing"
)

// tickerPayload is about n bytes of 24hr-ticker JSON, the shape of the largest tool results.
func tickerPayload(n int) []byte {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"symbol":"SYM%dUSDT","priceChange":"-94.99999800","priceChangePercent":"-95.960","weightedAvgPrice":"0.29628482","prevClosePrice":"0.10002000","lastPrice":"4.00000200","lastQty":"200.00000000","bidPrice":"4.00000000","askPrice":"4.00000200","openPrice":"99.00000000","highPrice":"100.00000000","lowPrice":"0.10000000","volume":"8913.30000000","quoteVolume":"15.30000000","openTime":1499783499040,"closeTime":1499869899040,"firstId":%d,"lastId":28460,"count":76}`, i, 28385+i)
	}
	b.WriteString("]")
	return []byte(b.String())
}

// BenchmarkBytesNoMatch is the hot path: every tool result, almost never holding a secret.
// The Redactor holds what Tollgate holds at most: an API key and a PEM file.
func BenchmarkBytesNoMatch(b *testing.B) {
	in := tickerPayload(64 << 10)
	if testRedactor.String(string(in)) != string(in) {
		b.Fatal("payload is not clean")
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		testRedactor.Bytes(in)
	}
}

// BenchmarkBytesMatch is the same payload with a signed URL at the end.
func BenchmarkBytesMatch(b *testing.B) {
	in := append(tickerPayload(64<<10), "https://api.binance.com/api/v3/order?signature="+hmacSig...)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		testRedactor.Bytes(in)
	}
}

func TestBytesNoMatchAllocs(t *testing.T) {
	in := tickerPayload(64 << 10)
	if n := testing.AllocsPerRun(10, func() { testRedactor.Bytes(in) }); n != 0 {
		t.Errorf("Bytes allocates %v times on clean input, want 0", n)
	}
}
