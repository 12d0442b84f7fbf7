package main

import (
	"bufio"
	"encoding/json"
	"io"
	"sync"
	"time"
)

// outputSchema versions the JSON lines the runner writes; docs/engines.md describes each field.
const outputSchema = 1

// observation is one row of the harness's requests.csv.
type observation struct {
	op       string // list | watch | watchlist | reconnect | patch
	scenario string
	status   int
	duration time.Duration
	ttfb     time.Duration // <0: none
	bytes    int64         // <0: unknown
	objects  int64         // <0: unknown
	err      string
	informer int // <0: not an informer's
}

// obsLine is an observation as it goes out: time_ms is when the request started (Unix ms).
type obsLine struct {
	Type       string   `json:"type"`
	TimeMs     float64  `json:"time_ms"`
	Scenario   string   `json:"scenario"`
	Op         string   `json:"op"`
	Status     int      `json:"status"`
	DurationMs float64  `json:"duration_ms"`
	TtfbMs     *float64 `json:"ttfb_ms,omitempty"`
	Bytes      *int64   `json:"bytes,omitempty"`
	Objects    *int64   `json:"objects,omitempty"`
	Error      string   `json:"error,omitempty"`
	Informer   *int     `json:"informer,omitempty"`
}

type syncedLine struct {
	Type       string  `json:"type"`
	TimeMs     float64 `json:"time_ms"`
	Scenario   string  `json:"scenario"`
	DurationMs float64 `json:"duration_ms"`
	Informer   int     `json:"informer"`
}

// emitter writes the runner's output as JSON lines. Lines are buffered and flushed every flushEvery, at the end
// and when the runner is interrupted, so a killed run loses at most that much.
type emitter struct {
	mu      sync.Mutex
	w       *bufio.Writer
	enc     *json.Encoder
	variant string
	stop    chan struct{}
	done    chan struct{}
}

const flushEvery = 250 * time.Millisecond

func newEmitter(w io.Writer, variant string) *emitter {
	bw := bufio.NewWriterSize(w, 256<<10)
	e := &emitter{w: bw, enc: json.NewEncoder(bw), variant: variant, stop: make(chan struct{}), done: make(chan struct{})}
	e.enc.SetEscapeHTML(false)
	go e.flushLoop()
	return e
}

func (e *emitter) flushLoop() {
	defer close(e.done)
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			e.flush()
		case <-e.stop:
			return
		}
	}
}

func (e *emitter) line(v any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	_ = e.enc.Encode(v)
}

func (e *emitter) flush() {
	e.mu.Lock()
	defer e.mu.Unlock()
	_ = e.w.Flush()
}

// close writes the last line and flushes; the emitter takes no lines after it.
func (e *emitter) close(last any) {
	close(e.stop)
	<-e.done
	e.line(last)
	e.flush()
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func unixMsOf(t time.Time) float64 { return float64(t.UnixMicro()) / 1000 }

func (e *emitter) observe(o observation) {
	start := time.Now().Add(-o.duration)
	l := obsLine{Type: "obs", TimeMs: unixMsOf(start), Scenario: o.scenario, Op: o.op, Status: o.status, DurationMs: round3(ms(o.duration))}
	if o.ttfb >= 0 {
		v := round3(ms(o.ttfb))
		l.TtfbMs = &v
	}
	if o.bytes >= 0 {
		l.Bytes = &o.bytes
	}
	if o.objects >= 0 {
		l.Objects = &o.objects
	}
	if len(o.err) > 200 {
		o.err = o.err[:200]
	}
	l.Error = o.err
	if o.informer >= 0 {
		l.Informer = &o.informer
	}
	e.line(l)
}

func (e *emitter) timeToSynced(scenario string, d time.Duration, informer int) {
	e.line(syncedLine{Type: "synced", TimeMs: unixMsOf(time.Now().Add(-d)), Scenario: scenario, DurationMs: round3(ms(d)), Informer: informer})
}

func round3(v float64) float64 { return float64(int64(v*1000+0.5)) / 1000 }
