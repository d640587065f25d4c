package binancetest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Server is the stand-in exchange. Create it with New, then either Start it on 127.0.0.1 or
// use it as an http.Handler. Every method is safe for concurrent use.
type Server struct {
	now         func() time.Time
	log         io.Writer
	data        *dataset
	rateLimits  []rateLimit            // as served in exchangeInfo
	weightLimit int                    // REQUEST_WEIGHT per minute, from rateLimits
	apiKeys     map[string]keyVerifier // API key -> its verifier (WithAPIKey, WithEd25519Key, WithRSAKey)
	refPrices   map[string]string      // symbol -> reference price (WithReferencePrice)

	mu      sync.Mutex
	records []*Record
	faults  []*Fault
	window  int64         // start of the current weight window, ms since the epoch
	used    int           // weight used in that window
	offset  time.Duration // added to the clock for serverTime (WithClockOffset, SetClockOffset)

	orders      []*Order      // placed orders, oldest first
	nextOrderID int64         // last orderId assigned
	nextTradeID int64         // last tradeId assigned
	orderCounts []orderWindow // one per ORDERS rate limit
	fills       []*Trade      // the account's trades, oldest first
	balances    map[string]*balance
	assets      []string               // balances in the order GET /api/v3/account lists them
	testnet     bool                   // WithTestnet: /sapi and /fapi answer 404
	sapiWeight  map[string]*weightPool // weight used per /sapi path (weight.go)
	fapiWeight  weightPool             // weight used on /fapi

	logMu     sync.Mutex
	ts        *httptest.Server
	startOnce sync.Once
	closeOnce sync.Once
	done      chan struct{} // closed by Close; ends delay faults
}

// Option configures a Server.
type Option func(*Server)

// WithClock sets the clock the stand-in reads for serverTime, the weight window, Retry-After
// and request records. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// WithRequestWeightLimit changes the REQUEST_WEIGHT limit per minute, both the one served in
// exchangeInfo rateLimits and the one enforced. The recorded value is 1200.
func WithRequestWeightLimit(n int) Option {
	return func(s *Server) {
		if n > 0 {
			s.rateLimits = withWeightLimit(s.rateLimits, n)
		}
	}
}

// WithLog writes one line per request to w (method, target, status, weight charged, used).
func WithLog(w io.Writer) Option {
	return func(s *Server) { s.log = w }
}

// WithTestnet makes the stand-in answer like the spot test network (testnet-general-info.md:
// "only the /api endpoints are available"): /sapi/ and /fapi/ paths answer 404 with the HTML
// page, uncharged. Tests that point a futures client at the stand-in need it off.
func WithTestnet() Option {
	return func(s *Server) { s.testnet = true }
}

// New returns a stand-in that is not yet listening.
func New(opts ...Option) *Server {
	d := data()
	s := &Server{now: time.Now, data: d, rateLimits: d.info.rateLimits, done: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	s.weightLimit = weightLimit(s.rateLimits)
	s.orderCounts = orderWindows(s.rateLimits)
	s.initBalances()
	return s
}

// Start listens on 127.0.0.1 on a free port. It panics if it cannot, as httptest does.
func (s *Server) Start() {
	s.startOnce.Do(func() {
		s.ts = httptest.NewUnstartedServer(s)
		s.ts.Start()
	})
}

// URL is the base URL of a started stand-in, like http://127.0.0.1:41234 (no trailing slash).
func (s *Server) URL() string {
	if s.ts == nil {
		panic("binancetest: URL called before Start")
	}
	return s.ts.URL
}

// Close stops the stand-in, ending any delay fault in progress.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		if s.ts != nil {
			s.ts.Close()
		}
	})
}

// controlPrefix is reserved for the control API (control.go).
const controlPrefix = "/__standin/"

// ServeHTTP answers one request like Binance: record it, apply a pending fault, charge its
// weight, enforce the weight limit, then answer from the fixtures.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		s.serveControl(w, r)
		return
	}
	now := s.now()
	rec := s.record(r, now)
	if f := s.takeFault(r.URL.Path); f != nil {
		if f.Kind == FaultAcceptThenDrop || f.PlaceThenFail {
			s.serveThenFault(w, r, rec, f, now)
			s.logLine(r, rec)
			return
		}
		if s.applyFault(w, r, rec, f, now) {
			s.logLine(r, rec)
			return
		}
		now = s.now()
	}
	s.serveAPI(w, r, rec, now)
	s.logLine(r, rec)
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rec *Record, now time.Time) {
	ep := route(r.Method, r.URL.Path)
	if s.testnet && !strings.HasPrefix(r.URL.Path, "/api/") {
		ep = nil
	}
	if ep == nil {
		s.setWeightHeaders(w, s.usedWeight(now))
		w.Header().Set("Content-Type", "text/html")
		s.finish(rec, http.StatusNotFound, 0)
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, notFoundPage)
		return
	}
	q := requestParams(r, readBody(r))
	weight := ep.weight(q)
	if over, limit := s.chargePath(w.Header(), r.URL.Path, weight, now); over {
		w.Header().Set("Retry-After", strconv.Itoa(secondsToNextMinute(now)))
		s.writeJSON(w, rec, weight, http.StatusTooManyRequests, errorBody(-1003, fmt.Sprintf(msgWeightLimit, limit)))
		return
	}
	body, e := func() ([]byte, *apiError) {
		apiKey := ""
		if ep.signed {
			k, e := s.verifySigned(r)
			if e != nil {
				return nil, e
			}
			apiKey = k
		}
		if e := q.check(ep); e != nil {
			return nil, e
		}
		if ep.serveOrder != nil {
			return ep.serveOrder(s, w, q, call{apiKey: apiKey, now: now, serverTime: now.Add(s.ClockOffset())})
		}
		return ep.serve(s, q, now.Add(s.ClockOffset()))
	}()
	if e != nil {
		s.writeJSON(w, rec, weight, e.status, e.body())
		return
	}
	s.writeJSON(w, rec, weight, http.StatusOK, body)
}

func (s *Server) writeJSON(w http.ResponseWriter, rec *Record, weight, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	s.finish(rec, status, weight)
	w.WriteHeader(status)
	w.Write(body)
}

// setWeightHeaders sends the used weight the way Binance does on every answer.
func (s *Server) setWeightHeaders(w http.ResponseWriter, used int) {
	v := strconv.Itoa(used)
	w.Header().Set("X-Mbx-Used-Weight", v)
	w.Header().Set("X-Mbx-Used-Weight-1m", v)
}

func (s *Server) logLine(r *http.Request, rec *Record) {
	if s.log == nil {
		return
	}
	target := r.URL.Path
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	s.mu.Lock()
	status, weight, fault := rec.Status, rec.Weight, rec.Fault
	s.mu.Unlock()
	line := fmt.Sprintf("binance-standin: %s %s %d weight=%d", r.Method, target, status, weight)
	if fault != "" {
		line += " fault=" + string(fault)
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintln(s.log, line)
}
