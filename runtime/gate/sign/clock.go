package sign

import (
	"errors"
	"sync"
	"time"
)

// DefaultMargin is the safety margin [Clock] subtracts when its Margin is zero. It covers
// the drift of the local clock against the server's between two resyncs (30 ppm over an
// hour is about 110 ms) plus scheduling jitter. Being early costs only that much of the
// recvWindow (5000 ms by default); being late by a second gets the request rejected.
const DefaultMargin = 150 * time.Millisecond

// ErrBadSample is returned by [Clock.Resync] for a round trip whose reply arrived before
// the request was sent, or whose server time is not positive.
var ErrBadSample = errors.New("sign: bad server-time sample")

// Clock turns local time into Binance timestamps that are never ahead of the server's
// clock. Binance rejects a request whose timestamp is 1000 ms or more ahead of its own
// clock, and one older than recvWindow; a timestamp slightly behind is always safe.
//
// Time is never read: callers pass now, and the send and receive instants of a
// GET /api/v3/time round trip, so tests can use fixed times.
//
// The zero Clock is usable and assumes the local clock agrees with the server's; call
// [Clock.Resync] before the first signed request. A Clock is safe for concurrent use.
type Clock struct {
	// Margin is subtracted from every timestamp on top of the round-trip uncertainty.
	// Zero means DefaultMargin; a negative value means none. Set it before first use.
	Margin time.Duration

	mu     sync.Mutex
	offset time.Duration // server - local, midpoint estimate
	half   time.Duration // half the round trip of the sample: offset's uncertainty
	synced bool
}

// Resync records one GET /api/v3/time round trip: the request left at sentAt, the reply
// carrying serverTimeMS arrived at receivedAt (both local times, ideally with their
// monotonic readings, as time.Now gives). It returns the new offset estimate.
//
// The server read its clock at some instant between sentAt and receivedAt, so the offset
// lies within half the round trip of the midpoint estimate serverTime - (sentAt + rtt/2).
// The midpoint is what [Clock.Offset] reports; [Clock.Timestamp] uses its lower bound,
// serverTime - receivedAt, which can only make a timestamp late, never early. serverTime
// is truncated to the millisecond, which errs the same safe way.
//
// Each sample replaces the previous one.
func (c *Clock) Resync(serverTimeMS int64, sentAt, receivedAt time.Time) (time.Duration, error) {
	rtt := receivedAt.Sub(sentAt)
	if rtt < 0 || serverTimeMS <= 0 {
		return 0, ErrBadSample
	}
	server := time.UnixMilli(serverTimeMS)
	half := rtt / 2
	offset := server.Sub(sentAt.Add(half))
	c.mu.Lock()
	c.offset, c.half, c.synced = offset, rtt-half, true
	c.mu.Unlock()
	return offset, nil
}

// Offset returns the midpoint estimate of server time minus local time, and whether a
// sample has been recorded.
func (c *Clock) Offset() (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset, c.synced
}

// Timestamp returns the timestamp in milliseconds to sign a request made at local time
// now: now + offset - rtt/2 - margin, rounded down. With a recorded sample and a margin
// at least the clock drift since it, the result is never ahead of the server's clock.
func (c *Clock) Timestamp(now time.Time) int64 {
	c.mu.Lock()
	off := c.offset - c.half
	c.mu.Unlock()
	m := c.Margin
	if m == 0 {
		m = DefaultMargin
	} else if m < 0 {
		m = 0
	}
	t := now.Add(off - m)
	ms := t.UnixMilli()
	if t.Before(time.UnixMilli(ms)) { // UnixMilli truncates toward zero; floor instead
		ms--
	}
	return ms
}
