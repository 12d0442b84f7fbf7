package main

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"time"
)

// requestStats collects what one request cost on the wire; the counting transport fills it in while the
// body is read (a watch's body is read for as long as the watch lasts).
type requestStats struct {
	start   time.Time
	ttfb    atomic.Int64 // ns to response headers; 0 until then
	status  atomic.Int64
	bytes   atomic.Int64
	onBytes func(n int64)
}

type statsKey struct{}

func withStats(ctx context.Context, s *requestStats) context.Context {
	return context.WithValue(ctx, statsKey{}, s)
}

func statsFrom(ctx context.Context) *requestStats {
	s, _ := ctx.Value(statsKey{}).(*requestStats)
	return s
}

func (s *requestStats) ttfbDuration() time.Duration {
	if v := s.ttfb.Load(); v > 0 {
		return time.Duration(v)
	}
	return -1
}

// countingTransport records status, time to headers and body bytes of requests whose context carries stats.
type countingTransport struct{ next http.RoundTripper }

func countBytes(next http.RoundTripper) http.RoundTripper { return &countingTransport{next: next} }

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	s := statsFrom(req.Context())
	resp, err := t.next.RoundTrip(req)
	if s == nil || err != nil {
		return resp, err
	}
	s.ttfb.Store(int64(time.Since(s.start)))
	s.status.Store(int64(resp.StatusCode))
	resp.Body = &countingBody{ReadCloser: resp.Body, stats: s}
	return resp, nil
}

type countingBody struct {
	io.ReadCloser
	stats *requestStats
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.stats.bytes.Add(int64(n))
		if b.stats.onBytes != nil {
			b.stats.onBytes(int64(n))
		}
	}
	return n, err
}
