package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/cache"
)

// informersResult sums what the informers of one call saw.
type informersResult struct {
	count, synced                         int
	events, bytes, relists, watchRestarts int64
	errors                                int64
	objectsInStore                        int
	allSyncedMs                           float64
}

// informer is one client-go SharedIndexInformer and what it cost.
type informer struct {
	id       int
	opts     *InformerOptions
	em       *sink
	started  time.Time
	informer cache.SharedIndexInformer
	handler  cache.ResourceEventHandlerRegistration

	syncedAt                              time.Time
	events, bytes, lists, watches, errors atomic.Int64
	mu                                    sync.Mutex
	current                               *observedWatch
	watchEndedAt                          time.Time // a watch ended and no new one is open yet
	stopping                              atomic.Bool
	openWatches                           sync.WaitGroup
}

func runInformers(ctx context.Context, opts InformerOptions, em *sink) (informersResult, error) {
	if err := gates.acquire(opts.Mode); err != nil {
		return informersResult{}, err
	}
	defer gates.release()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var shared *corev1client.CoreV1Client
	infs := make([]*informer, opts.Count)
	for i := range infs {
		inf := &informer{id: opts.FirstID + i, opts: &opts, em: em}
		client := shared
		if client == nil {
			c, err := corev1client.NewForConfig(opts.Connection.restConfig(countBytes))
			if err != nil {
				return informersResult{}, fmt.Errorf("client for %s: %w", opts.Connection.URL, err)
			}
			client = c
			if opts.ShareClient {
				shared = c
			}
		}
		if err := inf.build(client); err != nil {
			return informersResult{}, err
		}
		infs[i] = inf
	}

	start := time.Now()
	var running sync.WaitGroup
	for _, inf := range infs {
		inf.started = time.Now()
		running.Add(1)
		go func() { defer running.Done(); inf.informer.RunWithContext(ctx) }()
	}

	allSynced := waitSynced(ctx, infs, time.Duration(opts.SyncTimeoutMs)*time.Millisecond)
	res := informersResult{count: len(infs), allSyncedMs: ms(allSynced.Sub(start))}

	for _, at := range opts.DropAt {
		if !sleepUntil(ctx, unixMs(at)) {
			break
		}
		for _, inf := range infs {
			inf.dropWatch()
		}
	}
	stopAt := allSynced.Add(time.Duration(opts.HoldMs) * time.Millisecond)
	if until := unixMs(opts.OpenUntil); opts.OpenUntil > 0 && until.After(stopAt) {
		stopAt = until
	}
	sleepUntil(ctx, stopAt)

	for _, inf := range infs {
		inf.stopping.Store(true)
	}
	for _, inf := range infs {
		res.objectsInStore += len(inf.informer.GetStore().ListKeys())
	}
	cancel()
	waitBounded(&running, 10*time.Second)
	for _, inf := range infs {
		waitBounded(&inf.openWatches, 5*time.Second)
		if !inf.syncedAt.IsZero() {
			res.synced++
		}
		res.events += inf.events.Load()
		res.bytes += inf.bytes.Load()
		res.errors += inf.errors.Load()
		// A relist is a LIST from the start (not a next page) after the first; in watchlist mode every LIST is one.
		n := inf.lists.Load()
		if opts.Mode == modeListWatch && n > 0 {
			n--
		}
		res.relists += n
		if n := inf.watches.Load(); n > 1 {
			res.watchRestarts += n - 1
		}
	}
	return res, nil
}

// build makes the informer: client-go's SharedIndexInformer over a ListWatch whose calls are observed.
func (inf *informer) build(client *corev1client.CoreV1Client) error {
	base := cache.NewListWatchFromClient(client.RESTClient(), inf.opts.Resource, inf.opts.Namespace, fields.Everything())
	lw := &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			return inf.list(ctx, base, o)
		},
		WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			return inf.watch(ctx, base, o)
		},
	}
	inf.informer = cache.NewSharedIndexInformerWithOptions(lw, coreResources[inf.opts.Resource](), cache.SharedIndexInformerOptions{})
	if !*inf.opts.KeepObjects {
		if err := inf.informer.SetTransform(metadataOnly); err != nil {
			return err
		}
	}
	count := func() { inf.events.Add(1) }
	reg, err := inf.informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { count() },
		UpdateFunc: func(any, any) { count() },
		DeleteFunc: func(any) { count() },
	})
	inf.handler = reg
	return err
}

// metadataOnly keeps what a metadata-only controller keeps: the object's identity and revision.
func metadataOnly(obj any) (any, error) {
	m, err := meta.Accessor(obj)
	if err != nil {
		return obj, nil // DeletedFinalStateUnknown and the like pass through
	}
	return &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{
		Name: m.GetName(), Namespace: m.GetNamespace(), UID: m.GetUID(), ResourceVersion: m.GetResourceVersion(),
	}}, nil
}

func (inf *informer) list(ctx context.Context, base *cache.ListWatch, o metav1.ListOptions) (runtime.Object, error) {
	s := &requestStats{start: time.Now(), onBytes: func(n int64) { inf.bytes.Add(n) }}
	obj, err := base.ListWithContext(withStats(ctx, s), o)
	if o.Continue == "" {
		inf.lists.Add(1)
	}
	ob := observation{op: "list", status: int(s.status.Load()), duration: time.Since(s.start), ttfb: s.ttfbDuration(), bytes: s.bytes.Load(), objects: -1, informer: inf.id}
	if err != nil {
		ob.status, ob.err = statusOf(err, ob.status), inf.describe(err)
		if !inf.stopping.Load() {
			inf.errors.Add(1)
			inf.em.observe(ob)
		}
		return nil, err
	}
	ob.objects = int64(meta.LenList(obj))
	inf.em.observe(ob)
	return obj, nil
}

func (inf *informer) watch(ctx context.Context, base *cache.ListWatch, o metav1.ListOptions) (watch.Interface, error) {
	s := &requestStats{start: time.Now(), onBytes: func(n int64) { inf.bytes.Add(n) }}
	initial := o.SendInitialEvents != nil && *o.SendInitialEvents
	w, err := base.WatchWithContext(withStats(ctx, s), o)
	op := "watch"
	if initial {
		op = "watchlist"
	}
	if err != nil {
		if !inf.stopping.Load() && ctx.Err() == nil {
			inf.errors.Add(1)
			inf.em.observe(observation{op: op, status: statusOf(err, int(s.status.Load())), duration: time.Since(s.start), ttfb: -1, bytes: -1, objects: -1, err: inf.describe(err), informer: inf.id})
		}
		return nil, err
	}
	inf.watches.Add(1)
	ow := newObservedWatch(w, s, inf, initial)
	inf.mu.Lock()
	inf.current = ow
	if !inf.watchEndedAt.IsZero() {
		inf.em.observe(observation{op: "reconnect", status: int(s.status.Load()), duration: time.Since(inf.watchEndedAt), ttfb: -1, bytes: -1, objects: -1, informer: inf.id})
		inf.watchEndedAt = time.Time{}
	}
	inf.mu.Unlock()
	return ow, nil
}

// watchEnded is called by an observed watch when its stream is over.
func (inf *informer) watchEnded(ow *observedWatch) {
	inf.mu.Lock()
	defer inf.mu.Unlock()
	if inf.current == ow {
		inf.current = nil
	}
	if !inf.stopping.Load() {
		inf.watchEndedAt = time.Now()
	}
}

// dropWatch closes the informer's open watch, as a broken connection would; the reflector reconnects.
func (inf *informer) dropWatch() {
	inf.mu.Lock()
	ow := inf.current
	inf.mu.Unlock()
	if ow != nil {
		ow.Stop()
	}
}

func (inf *informer) describe(err error) string {
	msg := err.Error()
	if apierrors.IsNotAcceptable(err) || apierrors.IsUnsupportedMediaType(err) {
		msg = fmt.Sprintf("the target refused content type %s: %s", inf.opts.Connection.mediaType(), msg)
	}
	return msg
}

func statusOf(err error, seen int) int {
	if st, ok := err.(apierrors.APIStatus); ok && st.Status().Code != 0 {
		return int(st.Status().Code)
	}
	return seen
}

// waitSynced polls every informer's HasSynced (10 ms resolution), records time to synced, and returns when all
// have synced or the timeout passed; an informer that has not synced by then is an error row.
func waitSynced(ctx context.Context, infs []*informer, timeout time.Duration) time.Time {
	deadline := time.Now().Add(timeout)
	pending := len(infs)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for pending > 0 && time.Now().Before(deadline) && ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
		for _, inf := range infs {
			if inf.syncedAt.IsZero() && inf.handler.HasSynced() {
				inf.syncedAt = time.Now()
				inf.em.synced(inf.syncedAt.Sub(inf.started), inf.id)
				pending--
			}
		}
	}
	now := time.Now()
	if ctx.Err() != nil {
		return now
	}
	for _, inf := range infs {
		if inf.syncedAt.IsZero() {
			inf.errors.Add(1)
			op := "list"
			if inf.opts.Mode == modeWatchList {
				op = "watchlist"
			}
			inf.em.observe(observation{op: op, status: 0, duration: now.Sub(inf.started), ttfb: -1, bytes: inf.bytes.Load(), objects: inf.events.Load(),
				err: fmt.Sprintf("not synced after %d ms (syncTimeoutMs)", timeout.Milliseconds()), informer: inf.id})
		}
	}
	return now
}

func unixMs(ms float64) time.Time { return time.UnixMilli(int64(ms)) }

func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func waitBounded(wg *sync.WaitGroup, limit time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
	}
}
