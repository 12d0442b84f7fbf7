package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
)

// apiCounts is what every client of the run asked and met, counted on the wire by apiCounter: the LISTs and
// WATCHes opened, LISTs repeated by a client that also watches (relists), 410 and 429 answers, WatchList requests
// that failed and were followed by a LIST (client-go's fallback), and connections broken under a request.
type apiCounts struct {
	Lists              atomic.Int64
	Watches            atomic.Int64
	Gone410            atomic.Int64
	TooMany429         atomic.Int64
	WatchListFallbacks atomic.Int64
	ConnectionResets   atomic.Int64
	mu                 sync.Mutex
	clients            []*clientCounts
}

// clientCounts is one client's (one transport's, one connection's) share, for relists and fallbacks.
type clientCounts struct {
	lists, watches  atomic.Int64
	watchListFailed atomic.Bool
}

var wireCounts = &apiCounts{}

// snapshot is the end line's "api_counts".
func (a *apiCounts) snapshot() map[string]int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	var relists int64
	for _, c := range a.clients {
		if c.watches.Load() > 0 && c.lists.Load() > 1 {
			relists += c.lists.Load() - 1
		}
	}
	return map[string]int64{
		"lists": a.Lists.Load(), "watches": a.Watches.Load(), "relists": relists, "gone_410": a.Gone410.Load(),
		"too_many_requests_429": a.TooMany429.Load(), "watchlist_fallbacks": a.WatchListFallbacks.Load(),
		"connection_resets": a.ConnectionResets.Load(),
	}
}

// countAPI wraps one client's transport.
func countAPI(next http.RoundTripper) http.RoundTripper {
	c := &clientCounts{}
	wireCounts.mu.Lock()
	wireCounts.clients = append(wireCounts.clients, c)
	wireCounts.mu.Unlock()
	return &apiCounter{next: next, c: c}
}

type apiCounter struct {
	next http.RoundTripper
	c    *clientCounts
}

// brokenConnection is an error of a connection that broke (reset, closed under a request), not of a request ended
// on purpose.
func brokenConnection(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || err == io.EOF {
		return false
	}
	s := err.Error()
	return errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(s, "connection reset") || strings.Contains(s, "broken pipe") ||
		strings.Contains(s, "EOF") || strings.Contains(s, "GOAWAY") || strings.Contains(s, "connection lost")
}

func (t *apiCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	q := req.URL.Query()
	isWatch := q.Get("watch") == "true" || q.Get("watch") == "1"
	// client-go's LISTs carry limit or resourceVersion; a GET of one object carries neither.
	isList := req.Method == http.MethodGet && !isWatch && (q.Has("resourceVersion") || q.Has("limit"))
	watchList := isWatch && q.Get("sendInitialEvents") == "true"
	switch {
	case isWatch:
		wireCounts.Watches.Add(1)
		t.c.watches.Add(1)
	case isList:
		wireCounts.Lists.Add(1)
		t.c.lists.Add(1)
		if t.c.watchListFailed.Swap(false) {
			wireCounts.WatchListFallbacks.Add(1)
		}
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		if brokenConnection(err) {
			wireCounts.ConnectionResets.Add(1)
		}
		if watchList {
			t.c.watchListFailed.Store(true)
		}
		return resp, err
	}
	switch resp.StatusCode {
	case http.StatusGone:
		wireCounts.Gone410.Add(1)
	case http.StatusTooManyRequests:
		wireCounts.TooMany429.Add(1)
	}
	if watchList && resp.StatusCode != http.StatusOK {
		t.c.watchListFailed.Store(true)
	}
	resp.Body = &resetCountingBody{ReadCloser: resp.Body}
	return resp, nil
}

// resetCountingBody counts a connection that broke while a body (a LIST's, a watch's stream) was read.
type resetCountingBody struct {
	io.ReadCloser
	counted bool
}

func (b *resetCountingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !b.counted && brokenConnection(err) {
		b.counted = true
		wireCounts.ConnectionResets.Add(1)
	}
	return n, err
}
