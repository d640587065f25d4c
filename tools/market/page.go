package main

import (
	"strconv"
	"strings"

	"github.com/tollgate/tollgate/guest/toolsdk"
)

// Filtering and paging of long lists, shared by every tool that lists things.

// match keeps the rows of T it returns true for.
type match[T any] func(T) bool

// equalFold keeps rows whose field equals want, ignoring case; an empty want
// keeps every row.
func equalFold[T any](field func(T) string, want string) match[T] {
	if want == "" {
		return nil
	}
	return func(r T) bool { return strings.EqualFold(field(r), want) }
}

// containsFold keeps rows whose field contains want, ignoring case; an empty want
// keeps every row.
func containsFold[T any](field func(T) string, want string) match[T] {
	if want == "" {
		return nil
	}
	want = strings.ToUpper(want)
	return func(r T) bool { return strings.Contains(strings.ToUpper(field(r)), want) }
}

// allOf keeps rows every non-nil match keeps.
func allOf[T any](ms ...match[T]) match[T] {
	return func(r T) bool {
		for _, m := range ms {
			if m != nil && !m(r) {
				return false
			}
		}
		return true
	}
}

// page is one page of a filtered list.
type page[T any] struct {
	Items []T
	// Total is how many rows matched, on all pages.
	Total int
	// Next is the cursor of the next page; empty on the last page.
	Next string
}

// paginate keeps the rows m keeps, in order, and returns limit of them from the
// position cursor names. A cursor is opaque to callers: it is the next page's
// offset, as returned in Next, and "" means the first page. An offset past the end
// (the list may have shrunk since) gives an empty last page.
func paginate[T any](rows []T, m match[T], cursor string, limit int) (page[T], error) {
	offset := 0
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil || n < 0 || strconv.Itoa(n) != cursor {
			return page[T]{}, toolsdk.Invalid("cursor", cursor,
				"cursor %q is not one this tool returned; omit it to start from the first page", cursor)
		}
		offset = n
	}
	var p page[T]
	p.Items = []T{}
	for _, r := range rows {
		if !m(r) {
			continue
		}
		if p.Total >= offset && len(p.Items) < limit {
			p.Items = append(p.Items, r)
		}
		p.Total++
	}
	if end := offset + len(p.Items); end < p.Total {
		p.Next = strconv.Itoa(end)
	}
	return p, nil
}
