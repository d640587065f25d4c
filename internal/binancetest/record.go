package binancetest

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// maxRecordedBody caps the body kept in a Record.
const maxRecordedBody = 1 << 20

// Record is one request the stand-in received, kept so that a test can assert what did and
// did not reach the exchange. Requests to the control API are not recorded.
type Record struct {
	Method   string      `json:"method"`
	Path     string      `json:"path"`
	Host     string      `json:"host"`     // the Host header (r.Host), e.g. "127.0.0.1:41234"
	RawQuery string      `json:"rawQuery"` // as sent, not decoded
	Header   http.Header `json:"header"`
	Body     string      `json:"body"` // the first 1 MiB
	Time     time.Time   `json:"time"` // by the stand-in's clock, on arrival

	// Filled in once answered.
	Status int       `json:"status"`          // 0 while in progress, or when the connection was dropped
	Weight int       `json:"weight"`          // request weight charged
	Fault  FaultKind `json:"fault,omitempty"` // the fault applied, if any
}

func (s *Server) record(r *http.Request, now time.Time) *Record {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(r.Body, maxRecordedBody))
		// Put back what was read, so that a signed endpoint can verify the body.
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
	}
	rec := &Record{
		Method:   r.Method,
		Path:     r.URL.Path,
		Host:     r.Host,
		RawQuery: r.URL.RawQuery,
		Header:   r.Header.Clone(),
		Body:     string(body),
		Time:     now,
	}
	s.mu.Lock()
	s.records = append(s.records, rec)
	s.mu.Unlock()
	return rec
}

func (s *Server) finish(rec *Record, status, weight int) {
	s.mu.Lock()
	rec.Status, rec.Weight = status, weight
	s.mu.Unlock()
}

// Requests returns a copy of the records, oldest first.
func (s *Server) Requests() []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Record, len(s.records))
	for i, r := range s.records {
		out[i] = *r
		out[i].Header = r.Header.Clone()
	}
	return out
}

// CountRequests is the number of recorded requests to path (for example "/api/v3/depth").
func (s *Server) CountRequests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.records {
		if r.Path == path {
			n++
		}
	}
	return n
}

// Reset clears the records and the pending faults. The used weight is left alone: it is the
// exchange's, and resets with the minute (use SetUsedWeight to change it).
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = nil
	s.faults = nil
}
