package binancetest

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// FaultKind names a way to answer badly.
type FaultKind string

const (
	// FaultRateLimited answers 429 with Retry-After and the -1003 weight-limit body.
	FaultRateLimited FaultKind = "rate_limited"
	// FaultBanned answers 418 with Retry-After and the -1003 "IP banned until" body.
	FaultBanned FaultKind = "banned"
	// FaultServerError answers a 5xx status with a Binance error body.
	FaultServerError FaultKind = "server_error"
	// FaultDelay waits, then answers normally.
	FaultDelay FaultKind = "delay"
	// FaultDrop closes the connection without an answer.
	FaultDrop FaultKind = "drop"
	// FaultAcceptThenDrop processes the request as usual (an order is placed, a cancel
	// cancels), then closes the connection without an answer.
	FaultAcceptThenDrop FaultKind = "accept_then_drop"
)

// Fault answers the next Count requests (to Path, or to any path) badly. Faults apply in the
// order they were added; each request takes at most one. A faulted request is recorded but
// charged no weight, except a delayed one, which is then answered (and charged) normally.
type Fault struct {
	Kind  FaultKind `json:"kind"`
	Path  string    `json:"path,omitempty"`  // exact URL path, "" for any
	Count int       `json:"count,omitempty"` // requests to answer so; 0 means 1

	// RetryAfter is the Retry-After of rate_limited and banned, in seconds. 0 means the
	// seconds to the next minute for rate_limited, and 120 (Binance's shortest ban) for banned.
	RetryAfter int `json:"retryAfter,omitempty"`

	// Status, Code and Msg make the server_error answer: default 500, -1001 and its message.
	Status int    `json:"status,omitempty"`
	Code   int    `json:"code,omitempty"`
	Msg    string `json:"msg,omitempty"`

	// Delay is the wait of a delay fault.
	Delay time.Duration `json:"-"`

	// PlaceThenFail, on a server_error or delay fault, first processes the request as usual
	// (so POST /api/v3/order places the order), then answers the error instead of the result:
	// server_error at once with its Status, Code and Msg; delay after the Delay with Status
	// (default 503) and Code (default -1007 "Timeout waiting for response from backend
	// server. Send status unknown; execution status unknown.").
	PlaceThenFail bool `json:"placeThenFail,omitempty"`
}

// ErrBadFault is returned by AddFault for a fault that cannot be applied.
var ErrBadFault = errors.New("binancetest: bad fault")

// AddFault queues f.
func (s *Server) AddFault(f Fault) error {
	switch f.Kind {
	case FaultRateLimited, FaultBanned, FaultDrop, FaultAcceptThenDrop:
	case FaultServerError:
		if f.Status == 0 {
			f.Status = http.StatusInternalServerError
		}
		if f.Status < 500 || f.Status > 599 {
			return fmt.Errorf("%w: server_error status %d is not 5xx", ErrBadFault, f.Status)
		}
	case FaultDelay:
		if f.Delay <= 0 {
			return fmt.Errorf("%w: delay must be positive", ErrBadFault)
		}
		if f.PlaceThenFail && f.Status == 0 {
			f.Status = http.StatusServiceUnavailable
		}
		if f.PlaceThenFail && f.Code == 0 {
			f.Code = -1007
		}
		if f.PlaceThenFail && (f.Status < 500 || f.Status > 599) {
			return fmt.Errorf("%w: delay status %d is not 5xx", ErrBadFault, f.Status)
		}
	default:
		return fmt.Errorf("%w: unknown kind %q", ErrBadFault, f.Kind)
	}
	if f.PlaceThenFail && f.Kind != FaultServerError && f.Kind != FaultDelay {
		return fmt.Errorf("%w: placeThenFail applies to server_error and delay", ErrBadFault)
	}
	if f.Count < 0 || f.RetryAfter < 0 {
		return fmt.Errorf("%w: negative count or retryAfter", ErrBadFault)
	}
	if f.Count == 0 {
		f.Count = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
	return nil
}

// takeFault takes one use of the first pending fault that matches path.
func (s *Server) takeFault(path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Path != "" && f.Path != path {
			continue
		}
		f.Count--
		if f.Count == 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		c := *f
		return &c
	}
	return nil
}

// applyFault answers r as f says. It reports false for a delay, after which the request is
// to be answered normally.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, rec *Record, f *Fault, now time.Time) bool {
	s.mu.Lock()
	rec.Fault = f.Kind
	s.mu.Unlock()
	switch f.Kind {
	case FaultDelay:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.done:
		}
		return false
	case FaultDrop:
		s.finish(rec, 0, 0)
		dropConn(w)
	case FaultRateLimited:
		retry := f.RetryAfter
		if retry == 0 {
			retry = secondsToNextMinute(now)
		}
		s.setWeightHeaders(w, s.usedWeight(now))
		w.Header().Set("Retry-After", strconv.Itoa(retry))
		s.writeJSON(w, rec, 0, http.StatusTooManyRequests, errorBody(-1003, fmt.Sprintf(msgWeightLimit, s.weightLimit)))
	case FaultBanned:
		retry := f.RetryAfter
		if retry == 0 {
			retry = 120
		}
		until := now.Add(time.Duration(retry) * time.Second).UnixMilli()
		s.setWeightHeaders(w, s.usedWeight(now))
		w.Header().Set("Retry-After", strconv.Itoa(retry))
		s.writeJSON(w, rec, 0, http.StatusTeapot, errorBody(-1003, fmt.Sprintf(msgBanned, until)))
	case FaultServerError:
		s.setWeightHeaders(w, s.usedWeight(now))
		s.writeJSON(w, rec, 0, f.Status, f.errorBody())
	}
	return true
}

// errorBody is the Binance body of a server_error or placeThenFail answer.
func (f *Fault) errorBody() []byte {
	code, msg := f.Code, f.Msg
	if code == 0 {
		code = -1001
	}
	if msg == "" && code == -1001 {
		msg = msgInternal
	}
	if msg == "" && code == -1007 {
		msg = msgTimeout
	}
	return errorBody(code, msg)
}

// dropConn closes the connection of w without an answer.
func dropConn(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // closes the connection where hijacking is not possible
}

// serveThenFault processes r as usual, throwing the answer away, then answers as f says: an
// accept_then_drop closes the connection, a placeThenFail answers its error (after its delay).
// The record keeps the weight charged; its status is the one sent, 0 for a dropped connection.
func (s *Server) serveThenFault(w http.ResponseWriter, r *http.Request, rec *Record, f *Fault, now time.Time) {
	s.mu.Lock()
	rec.Fault = f.Kind
	s.mu.Unlock()
	s.serveAPI(httptest.NewRecorder(), r, rec, now)
	s.mu.Lock()
	weight := rec.Weight
	s.mu.Unlock()
	if f.Kind == FaultAcceptThenDrop {
		s.finish(rec, 0, weight)
		dropConn(w)
		return
	}
	if f.Kind == FaultDelay {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.done:
		}
	}
	s.setWeightHeaders(w, s.usedWeight(s.now()))
	s.writeJSON(w, rec, weight, f.Status, f.errorBody())
}
