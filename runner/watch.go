package main

import (
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
)

// initialEventsEnd is the annotation on the bookmark that ends a WatchList's initial events.
const initialEventsEnd = "k8s.io/initial-events-end"

// observedWatch passes a watch's events to the reflector unchanged, counting them; when it ends it records one
// row (op watch), and a WatchList's initial events also get a row of their own (op watchlist) at the bookmark.
type observedWatch struct {
	inner   watch.Interface
	out     chan watch.Event
	stats   *requestStats
	inf     *informer
	initial bool

	stopOnce sync.Once
	stopped  chan struct{}

	events, initialEvents int64
	initialBytes          int64
	syncedAt              time.Time
	errMsg                string
}

func newObservedWatch(inner watch.Interface, s *requestStats, inf *informer, initial bool) *observedWatch {
	ow := &observedWatch{inner: inner, out: make(chan watch.Event), stats: s, inf: inf, initial: initial, stopped: make(chan struct{})}
	inf.openWatches.Add(1)
	go ow.pump()
	return ow
}

func (ow *observedWatch) ResultChan() <-chan watch.Event { return ow.out }

// Stop is the reflector's when it will read no more, and ours to drop the watch as a broken connection would.
func (ow *observedWatch) Stop() {
	ow.stopOnce.Do(func() {
		close(ow.stopped)
		ow.inner.Stop()
	})
}

func (ow *observedWatch) pump() {
	defer ow.inf.openWatches.Done()
	defer close(ow.out)
	defer ow.finish()
	in := ow.inner.ResultChan()
	for {
		select {
		case <-ow.stopped:
			return
		case ev, ok := <-in:
			if !ok {
				return
			}
			ow.see(ev)
			select {
			case ow.out <- ev:
			case <-ow.stopped:
				return
			}
		}
	}
}

func (ow *observedWatch) see(ev watch.Event) {
	switch ev.Type {
	case watch.Error:
		if ow.inf.stopping.Load() {
			return // the decoder's "context canceled" when the informers are stopped
		}
		ow.errMsg = "watch ERROR event"
		if st, ok := ev.Object.(*metav1.Status); ok {
			ow.errMsg = st.Message
		}
		return
	case watch.Bookmark:
		if ow.initial && ow.syncedAt.IsZero() {
			if m, err := meta.Accessor(ev.Object); err == nil && m.GetAnnotations()[initialEventsEnd] == "true" {
				ow.syncedAt = time.Now()
				ow.initialEvents, ow.initialBytes = ow.events, ow.stats.bytes.Load()
				ow.inf.em.observe(observation{op: "watchlist", status: int(ow.stats.status.Load()), duration: ow.syncedAt.Sub(ow.stats.start),
					ttfb: ow.stats.ttfbDuration(), bytes: ow.initialBytes, objects: ow.initialEvents, informer: ow.inf.id})
			}
		}
		return
	}
	ow.events++
}

func (ow *observedWatch) finish() {
	from := ow.stats.start
	if !ow.syncedAt.IsZero() {
		from = ow.syncedAt
	}
	o := observation{op: "watch", status: int(ow.stats.status.Load()), duration: time.Since(from), ttfb: -1,
		bytes: ow.stats.bytes.Load() - ow.initialBytes, objects: ow.events - ow.initialEvents, err: ow.errMsg, informer: ow.inf.id}
	stopping := ow.inf.stopping.Load()
	if stopping {
		o.err = "" // ended because the informers stopped: not an error of the load
	}
	if ow.initial && ow.syncedAt.IsZero() && !stopping {
		// The stream ended before the initial-events-end bookmark: the reflector falls back or retries.
		o.op, o.err = "watchlist", firstNonEmpty(o.err, "watch ended before initial-events-end")
		o.ttfb = ow.stats.ttfbDuration()
	}
	if o.err != "" && !stopping {
		ow.inf.errors.Add(1)
	}
	ow.inf.em.observe(o)
	ow.inf.watchEnded(ow)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
