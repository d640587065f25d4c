package sandbox

import (
	"sync"
	"time"
)

// logBudget caps the guest log lines of one module across all its calls: a token bucket
// holding up to a minute's worth of lines and refilled at the per-minute rate. The per-call
// caps bound one call; this bounds a module whose calls run in parallel or back to back,
// so that no module can fill the operator's disk or drown other modules' lines.
type logBudget struct {
	mu        sync.Mutex
	now       func() time.Time
	perMinute float64
	tokens    float64
	last      time.Time
}

func newLogBudget(perMinute int, now func() time.Time) *logBudget {
	return &logBudget{now: now, perMinute: float64(perMinute), tokens: float64(perMinute), last: now()}
}

// take spends one line, reporting false when the module's budget is spent.
func (b *logBudget) take() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = min(b.perMinute, b.tokens+elapsed.Minutes()*b.perMinute)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
