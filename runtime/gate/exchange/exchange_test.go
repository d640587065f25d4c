package exchange

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tollgate/tollgate/internal/binancetest"
	"github.com/tollgate/tollgate/runtime/gate"
	"github.com/tollgate/tollgate/runtime/gate/ops"
)

// A slow exchange is a network_error that says it timed out, not "request canceled".
func TestTimeoutIsSaid(t *testing.T) {
	ex := binancetest.New()
	ex.Start()
	t.Cleanup(ex.Close)
	if err := ex.AddFault(binancetest.Fault{Kind: binancetest.FaultDelay, Path: "/api/v3/ticker/price", Delay: 2 * time.Second}); err != nil {
		t.Fatal(err)
	}
	c := New(Config{BaseURL: ex.URL(), Timeout: 50 * time.Millisecond})
	op := ops.Market().Lookup("ticker_price")
	_, err := c.Handler()(context.Background(), &gate.Request{Op: op, Params: gate.Params{"symbol": "BTCUSDT"}})
	var ge *gate.Error
	if !errors.As(err, &ge) || ge.Type != gate.TypeNetwork || !strings.Contains(ge.Message, "timed out") {
		t.Fatalf("err = %v, want a network_error that timed out", err)
	}
}
