package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// runState is what every scenario of one run shares.
type runState struct {
	plan    *Plan
	seg     segment
	base    Connection
	out     *emitter
	errors  atomic.Int64 // failures that are not rows of their own (a scenario that could not start)
	churns  []churnResult
	churnMu sync.Mutex
}

// runPlan starts every scenario at its startAfterMs from `start` and returns when all have ended.
func runPlan(ctx context.Context, st *runState, start time.Time) {
	var wg sync.WaitGroup
	for i := range st.plan.Scenarios {
		sc := &st.plan.Scenarios[i]
		common := sc.Common()
		wg.Add(1)
		go func() {
			defer wg.Done()
			at := start.Add(time.Duration(common.StartAfterMs) * time.Millisecond)
			if !sleepUntil(ctx, at) {
				return
			}
			if err := st.runScenario(ctx, sc, at); err != nil {
				st.errors.Add(1)
				st.out.line(map[string]any{"type": "error", "scenario": common.Name, "error": err.Error()})
			}
		}()
	}
	wg.Wait()
}

func (st *runState) runScenario(ctx context.Context, sc *Scenario, start time.Time) error {
	em := &sink{out: st.out, scenario: sc.Common().Name}
	switch {
	case sc.Informers != nil:
		return st.runInformerScenario(ctx, sc.Informers.InformerSet, informerTiming{holdMs: sc.Informers.HoldMs,
			syncTimeoutMs: sc.Informers.SyncTimeoutMs, stages: sc.Informers.Stages}, start, em)
	case sc.ReconnectStorm != nil:
		return st.runInformerScenario(ctx, sc.ReconnectStorm.InformerSet, st.reconnectTiming(sc.ReconnectStorm, start), start, em)
	case sc.ListStorm != nil:
		st.runListStorm(ctx, sc.ListStorm, em)
		return nil
	case sc.Churn != nil:
		r := runChurn(ctx, st.base, sc.Churn, st.seg, em)
		st.churnMu.Lock()
		st.churns = append(st.churns, r)
		st.churnMu.Unlock()
		return nil
	}
	return fmt.Errorf("scenario %q has no kind", sc.Common().Name)
}

// informerTiming is when a scenario's informers stop and what they drop on the way.
type informerTiming struct {
	holdMs, syncTimeoutMs int64     // holdMs: after every informer has synced
	openUntil             float64   // unix ms; 0 for none
	dropAt                []float64 // unix ms
	stages                []Stage
}

// reconnectTiming keeps a reconnect storm's schedule from the scenario's start, as the harness's target restarts do.
func (st *runState) reconnectTiming(sc *ReconnectStormScenario, start time.Time) informerTiming {
	t := informerTiming{syncTimeoutMs: st.plan.SyncTimeoutMs, openUntil: unixMsOf(start.Add(time.Duration(sc.HoldMs) * time.Millisecond))}
	if sc.Trigger == "client" {
		for i := 1; i <= sc.Drops; i++ {
			t.dropAt = append(t.dropAt, unixMsOf(start.Add(time.Duration(int64(i)*sc.DropAfterMs)*time.Millisecond)))
		}
	}
	return t
}

func (st *runState) informerConnection(c *ClientSpec) Connection {
	conn := st.base
	conn.ContentType, conn.HTTP1 = c.ContentType, c.HTTP1
	compression := c.Compression
	conn.Compression = &compression
	return conn
}

// runInformerScenario runs this segment's informers: all at once, or each at its moment on the arrival profile.
func (st *runState) runInformerScenario(ctx context.Context, sc InformerSet, t informerTiming, start time.Time, em *sink) error {
	first, end := st.seg.span(sc.Count)
	if end <= first {
		return nil
	}
	keep := sc.Client.KeepObjects
	opts := InformerOptions{
		Connection:    st.informerConnection(&sc.Client),
		Resource:      sc.Resource,
		Namespace:     sc.Namespace,
		Mode:          st.plan.ClientMode,
		ShareClient:   sc.Client.ShareClient,
		KeepObjects:   &keep,
		SyncTimeoutMs: t.syncTimeoutMs,
		OpenUntil:     t.openUntil,
		DropAt:        t.dropAt,
		HoldMs:        t.holdMs,
	}
	if len(t.stages) == 0 {
		opts.Count, opts.FirstID = end-first, first
		if err := opts.validate(); err != nil {
			return err
		}
		_, err := runInformers(ctx, opts, em)
		return err
	}
	// Each informer (a controller of its own) starts at its moment on the profile; all stay until the last
	// has arrived plus the hold.
	openUntil := start.Add(arrivalTime(sc.Count-1, t.stages) + time.Duration(t.holdMs)*time.Millisecond)
	var wg sync.WaitGroup
	var firstErr atomic.Value
	for id := first; id < end; id++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !sleepUntil(ctx, start.Add(arrivalTime(id, t.stages))) {
				return
			}
			o := opts
			o.Count, o.FirstID, o.OpenUntil = 1, id, unixMsOf(openUntil)
			if err := o.validate(); err != nil {
				firstErr.CompareAndSwap(nil, err)
				return
			}
			if _, err := runInformers(ctx, o, em); err != nil {
				firstErr.CompareAndSwap(nil, err)
			}
		}()
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return err
	}
	return nil
}

// runListStorm runs this segment's LIST workers; each is one client (one connection) and lists `repeats` times.
func (st *runState) runListStorm(ctx context.Context, sc *ListStormScenario, em *sink) {
	first, end := st.seg.span(sc.Concurrency)
	conn := st.base
	conn.ContentType = sc.Accept
	compression := sc.Compression
	conn.Compression = &compression
	var wg sync.WaitGroup
	for w := first; w < end; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client, err := newListClient(conn)
			if err != nil {
				em.observe(observation{op: "list", err: err.Error(), ttfb: -1, bytes: -1, objects: -1, informer: -1})
				return
			}
			for r := 0; r < sc.Repeats && ctx.Err() == nil; r++ {
				em.observe(listOnce(ctx, client, sc, st.plan.SyncTimeoutMs))
			}
		}()
	}
	wg.Wait()
}

// listOnce is one whole LIST: one request, or every page of a paginated one summed into one row.
func listOnce(ctx context.Context, c *listClient, sc *ListStormScenario, timeoutMs int64) observation {
	o := ListOptions{Connection: c.conn, Resource: sc.Resource, Namespace: sc.Namespace, Decode: sc.Decode, TimeoutMs: timeoutMs}
	if sc.Mode == "rv0" {
		rv := "0"
		o.ResourceVersion = &rv
	}
	if sc.Mode != "paginated" {
		return listObservation(leanList(ctx, c, o))
	}
	o.Limit = sc.PageSize
	total := observation{op: "list", informer: -1}
	for page := 0; ; page++ {
		r := leanList(ctx, c, o)
		if page == 0 {
			total.ttfb = r.ttfb
		}
		total.status, total.duration = r.status, total.duration+r.duration
		total.bytes += r.bytes
		total.objects += max(r.objects, 0)
		if r.err != "" {
			total.err = r.err
			break
		}
		if r.continueToken == "" || ctx.Err() != nil {
			break
		}
		o.Continue = r.continueToken
	}
	return total
}

func listObservation(r listResult) observation {
	return observation{op: "list", status: r.status, duration: r.duration, ttfb: r.ttfb, bytes: r.bytes, objects: r.objects, err: r.err, informer: -1}
}
