package binancetest

import (
	"strconv"
	"strings"
	"time"
)

// intervals are the kline intervals of rest-api.md (case-sensitive), with their length; 0 for
// 1M, whose length varies.
var intervals = map[string]time.Duration{
	"1s": time.Second, "1m": time.Minute, "3m": 3 * time.Minute, "5m": 5 * time.Minute,
	"15m": 15 * time.Minute, "30m": 30 * time.Minute, "1h": time.Hour, "2h": 2 * time.Hour,
	"4h": 4 * time.Hour, "6h": 6 * time.Hour, "8h": 8 * time.Hour, "12h": 12 * time.Hour,
	"1d": 24 * time.Hour, "3d": 72 * time.Hour, "1w": 7 * 24 * time.Hour, "1M": 0,
}

// klines answers GET /api/v3/klines from the recorded rows of the symbol and interval,
// filtered on the open time: startTime <= open <= endTime. With startTime, the oldest limit
// rows from it; without, the most recent limit rows (up to endTime). Oldest first.
func (s *Server) klines(q query, _ time.Time) ([]byte, *apiError) {
	sym, _, e := q.symbol()
	if e != nil {
		return nil, e
	}
	interval := q.get("interval")
	length, ok := intervals[interval]
	if !ok {
		return nil, errInterval()
	}
	start, hasStart, e := q.millis("startTime")
	if e != nil {
		return nil, e
	}
	end, hasEnd, e := q.millis("endTime")
	if e != nil {
		return nil, e
	}
	offset, e := timeZoneParam(q)
	if e != nil {
		return nil, e
	}
	limit, e := q.limit(500, 1000, false)
	if e != nil {
		return nil, e
	}
	if _, e := s.lookup(sym); e != nil {
		return nil, e
	}
	rows := s.data.rows[key("klines", sym, interval)]
	// The recorded rows are cut in UTC. In another time zone an interval that the offset
	// does not divide opens at other times, for which nothing was recorded.
	if offset != 0 && (length == 0 || offset%length != 0) {
		rows = nil
	}
	keep := func(r row) bool { return (!hasStart || r.id >= start) && (!hasEnd || r.id <= end) }
	return joinRows(pick(rows, hasStart, keep, limit)), nil
}

// timeZoneParam reads timeZone: hours ("8", "-1") or hours and minutes ("05:45", "-1:00"),
// within [-12:00, +14:00]. Default 0 (UTC).
func timeZoneParam(q query) (time.Duration, *apiError) {
	if !q.has("timeZone") {
		return 0, nil
	}
	v := q.get("timeZone")
	sign := time.Duration(1)
	switch {
	case strings.HasPrefix(v, "-"):
		sign, v = -1, v[1:]
	case strings.HasPrefix(v, "+"):
		v = v[1:]
	}
	hh, mm, hasMin := strings.Cut(v, ":")
	h, err := strconv.Atoi(hh)
	if err != nil || len(hh) > 2 || hh == "" || strings.TrimLeft(hh, "0123456789") != "" {
		return 0, errNotValid("timeZone")
	}
	m := 0
	if hasMin {
		m, err = strconv.Atoi(mm)
		if err != nil || len(mm) != 2 || strings.TrimLeft(mm, "0123456789") != "" || m > 59 {
			return 0, errNotValid("timeZone")
		}
	}
	off := sign * (time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	if off < -12*time.Hour || off > 14*time.Hour {
		return 0, errNotValid("timeZone")
	}
	return off, nil
}
