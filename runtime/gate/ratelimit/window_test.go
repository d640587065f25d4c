package ratelimit

import (
	"sync"
	"testing"
	"time"
)

func TestWindow(t *testing.T) {
	w := NewWindow(3, time.Minute)
	steps := []struct {
		at   time.Duration
		ok   bool
		wait time.Duration
	}{
		{0, true, 0},
		{10 * time.Second, true, 0},
		{20 * time.Second, true, 0},
		{30 * time.Second, false, 30 * time.Second}, // the call at 0 leaves the window at 60 s
		{59 * time.Second, false, time.Second},
		{60 * time.Second, true, 0},                // nearest accepted: exactly one window later
		{61 * time.Second, false, 9 * time.Second}, // sliding: the calls at 10 s and 20 s still count
		{80 * time.Second, true, 0},
	}
	for _, s := range steps {
		ok, wait := w.Allow(t0.Add(s.at))
		if ok != s.ok || wait != s.wait {
			t.Fatalf("at +%s: ok %v wait %s, want %v %s", s.at, ok, wait, s.ok, s.wait)
		}
	}
}

func TestNilWindowAllowsAll(t *testing.T) {
	var w *Window
	for i := 0; i < 1000; i++ {
		if ok, _ := w.Allow(t0); !ok {
			t.Fatal("a disabled limit refused a call")
		}
	}
}

// Hammer: concurrent callers never get more than max through in one window.
func TestWindowConcurrent(t *testing.T) {
	w := NewWindow(60, time.Minute)
	var mu sync.Mutex
	allowed := 0
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				if ok, _ := w.Allow(t0); ok {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if allowed != 60 {
		t.Fatalf("allowed %d calls in one instant, want 60", allowed)
	}
}
