package binancetest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"
)

// maxControlBody caps the body of a control request.
const maxControlBody = 64 << 10

// faultJSON is a Fault on the wire: Delay is given in milliseconds.
type faultJSON struct {
	Kind       FaultKind `json:"kind"`
	Path       string    `json:"path"`
	Count      int       `json:"count"`
	RetryAfter int       `json:"retryAfter"`
	Status     int       `json:"status"`
	Code       int       `json:"code"`
	Msg        string    `json:"msg"`
	DelayMS    int64     `json:"delayMs"`
	// PlaceThenFail: see Fault.PlaceThenFail.
	PlaceThenFail bool `json:"placeThenFail"`
}

// weightJSON is the body of /__standin/weight.
type weightJSON struct {
	Used  *int `json:"used"`
	Limit int  `json:"limit,omitempty"`
}

// serveControl answers the control API under /__standin/. Control requests are neither
// charged nor recorded.
//
//	GET  /__standin/requests[?path=P]  the records, oldest first (only those to P)
//	POST /__standin/reset              clear records and faults
//	POST /__standin/fault              queue one fault: {"kind":"rate_limited","path":"/api/v3/depth","count":2,"retryAfter":30}
//	GET  /__standin/weight             {"used":N,"limit":L}
//	POST /__standin/weight             set the used weight: {"used":1190}
//	GET  /__standin/clock              {"offsetMs":N,"serverTime":ms}
//	POST /__standin/clock              set the server-time offset: {"offsetMs":-2000}
//	GET  /__standin/orders             the placed orders, oldest first (JSON array of Order)
//	GET  /__standin/placements         {"placements":N}: orders placed by POST /api/v3/order
//	GET  /__standin/trades             the account's trades, oldest first (JSON array of Trade)
//	GET  /__standin/balances           the account's balances (JSON array of Balance)
//	POST /__standin/balance            set a free balance: {"asset":"USDT","free":"100"}
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	route := r.Method + " " + r.URL.Path[len(controlPrefix):]
	switch route {
	case "GET requests":
		recs := s.Requests()
		if p := r.URL.Query().Get("path"); p != "" {
			kept := recs[:0]
			for _, rec := range recs {
				if rec.Path == p {
					kept = append(kept, rec)
				}
			}
			recs = kept
		}
		controlJSON(w, http.StatusOK, recs)
	case "POST reset":
		s.Reset()
		controlJSON(w, http.StatusOK, struct{}{})
	case "POST fault":
		var f faultJSON
		if err := decodeControl(w, r, &f); err != nil {
			controlError(w, err)
			return
		}
		err := s.AddFault(Fault{
			Kind: f.Kind, Path: f.Path, Count: f.Count, RetryAfter: f.RetryAfter,
			Status: f.Status, Code: f.Code, Msg: f.Msg, Delay: time.Duration(f.DelayMS) * time.Millisecond,
			PlaceThenFail: f.PlaceThenFail,
		})
		if err != nil {
			controlError(w, err)
			return
		}
		controlJSON(w, http.StatusOK, struct{}{})
	case "GET weight":
		used := s.UsedWeight()
		controlJSON(w, http.StatusOK, weightJSON{Used: &used, Limit: s.weightLimit})
	case "POST weight":
		var body weightJSON
		if err := decodeControl(w, r, &body); err != nil {
			controlError(w, err)
			return
		}
		if body.Used == nil || *body.Used < 0 {
			controlError(w, errors.New(`want {"used": N} with N >= 0`))
			return
		}
		s.SetUsedWeight(*body.Used)
		used := s.UsedWeight()
		controlJSON(w, http.StatusOK, weightJSON{Used: &used, Limit: s.weightLimit})
	case "GET clock":
		controlJSON(w, http.StatusOK, s.clockJSON())
	case "POST clock":
		var body struct {
			OffsetMS *int64 `json:"offsetMs"`
		}
		if err := decodeControl(w, r, &body); err != nil {
			controlError(w, err)
			return
		}
		if body.OffsetMS == nil {
			controlError(w, errors.New(`want {"offsetMs": N}`))
			return
		}
		s.SetClockOffset(time.Duration(*body.OffsetMS) * time.Millisecond)
		controlJSON(w, http.StatusOK, s.clockJSON())
	case "GET orders":
		controlJSON(w, http.StatusOK, s.Orders())
	case "GET placements":
		controlJSON(w, http.StatusOK, map[string]int{"placements": s.Placements()})
	case "GET trades":
		controlJSON(w, http.StatusOK, s.Trades())
	case "GET balances":
		controlJSON(w, http.StatusOK, s.Balances())
	case "POST balance":
		var body struct {
			Asset string `json:"asset"`
			Free  string `json:"free"`
		}
		if err := decodeControl(w, r, &body); err != nil {
			controlError(w, err)
			return
		}
		if err := s.SetBalance(body.Asset, body.Free); err != nil {
			controlError(w, err)
			return
		}
		controlJSON(w, http.StatusOK, s.Balances())
	default:
		controlJSON(w, http.StatusNotFound, map[string]string{"error": "no control route " + route})
	}
}

// clockJSON is the body of /__standin/clock.
func (s *Server) clockJSON() any {
	off := s.ClockOffset()
	return struct {
		OffsetMS   int64 `json:"offsetMs"`
		ServerTime int64 `json:"serverTime"`
	}{off.Milliseconds(), s.now().Add(off).UnixMilli()}
}

// decodeControl reads one JSON object, refusing unknown fields and trailing data.
func decodeControl(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxControlBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("trailing data after the JSON object")
	}
	return nil
}

func controlError(w http.ResponseWriter, err error) {
	controlJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
}

func controlJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
