package binancetest

import "time"

// WithClockOffset sets the stand-in's server time to its clock plus d, as if Binance's clock
// and the client's disagreed: GET /api/v3/time, exchangeInfo serverTime, the timestamp checks
// of signed requests (-1021) and the times of placed orders all read clock + d. The weight
// and order-count windows, Retry-After and request records keep reading the clock itself.
func WithClockOffset(d time.Duration) Option {
	return func(s *Server) { s.offset = d }
}

// SetClockOffset changes the server-time offset at run time (see WithClockOffset); the
// control API does the same with POST /__standin/clock {"offsetMs":N}.
func (s *Server) SetClockOffset(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset = d
}

// ClockOffset is the current server-time offset.
func (s *Server) ClockOffset() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.offset
}

// ServerTime is the stand-in's server time: its clock plus the offset.
func (s *Server) ServerTime() time.Time { return s.serverTime() }

func (s *Server) serverTime() time.Time { return s.now().Add(s.ClockOffset()) }
