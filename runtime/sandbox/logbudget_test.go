package sandbox

import (
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tollgate/tollgate/internal/syncbuf"
)

// manualClock is a clock tests move by hand.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// TestLogRateAcrossCalls: the module's lines per minute hold across calls, each of which is
// within its own per-call cap; the budget refills with time.
func TestLogRateAcrossCalls(t *testing.T) {
	clock := &manualClock{now: time.Unix(1_700_000_000, 0)}
	logs := &syncbuf.Buffer{}
	e, err := NewEngine(testCtx, NewEngineConfig().WithCacheDir(testCacheDir()).
		WithLogger(slog.New(slog.NewJSONHandler(logs, nil))).WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close(testCtx) })
	m := load(t, e, pack(t, readWasm(t, "hostile.wasm"), "t"), NewModuleConfig().WithLogRate(3))
	logOnce := func() {
		if _, err := m.Call(testCtx, CallInfo{Tool: "t"}, nil, cmd(5, 0, 5, 1)); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int { return strings.Count(logs.String(), `"msg":"guest log"`) }
	for range 5 {
		logOnce()
	}
	if n := count(); n != 3 {
		t.Fatalf("%d lines logged in 5 calls, want the module's 3 per minute", n)
	}
	if !strings.Contains(logs.String(), `"dropped_lines":1`) {
		t.Errorf("the dropped lines were not counted:\n%s", logs)
	}
	clock.Advance(20 * time.Second) // a third of a minute: one line
	logOnce()
	logOnce()
	if n := count(); n != 4 {
		t.Fatalf("%d lines after 20 s, want 4", n)
	}
}

func TestLogBudgetRefillIsCapped(t *testing.T) {
	clock := &manualClock{now: time.Unix(0, 0)}
	b := newLogBudget(2, clock.Now)
	clock.Advance(time.Hour) // an idle hour banks no more than a minute's worth
	got := 0
	for b.take() {
		got++
	}
	if got != 2 {
		t.Fatalf("%d lines after an idle hour, want 2", got)
	}
	b = newLogBudget(0, clock.Now)
	if b.take() {
		t.Fatal("a rate of 0 allowed a line")
	}
}
