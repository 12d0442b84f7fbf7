// Package kube is a k6 extension (JS module "k6/x/kube") that runs real Kubernetes clients inside k6:
// client-go shared informers (reflector, DeltaFIFO, indexer, as controllers run them) and a lean LIST that
// streams the body. It is a client only: it knows no target and nothing of the harness that drives it.
package kube

import (
	"fmt"
	"sync"

	"github.com/grafana/sobek"
	"go.k6.io/k6/js/modules"
	"go.k6.io/k6/js/promises"
	"go.k6.io/k6/metrics"
)

// Metric names shared with the JavaScript side of kube-stream-bench (src/k6/record.ts): one sample per observation.
const (
	requestMetricName = "ksb_request_duration_ms"
	syncedMetricName  = "ksb_time_to_synced_ms"
)

func init() {
	modules.Register("k6/x/kube", new(RootModule))
}

// RootModule is created once per k6 process.
type RootModule struct{}

// ModuleInstance is created once per VU.
type ModuleInstance struct {
	vu            modules.VU
	requestMetric *metrics.Metric
	syncedMetric  *metrics.Metric
	// LIST clients of this VU, one per connection: a VU is one client, as one process would be.
	listClients sync.Map
}

var (
	_ modules.Module   = &RootModule{}
	_ modules.Instance = &ModuleInstance{}
)

// NewModuleInstance runs in the init context, where custom metrics can be registered.
func (*RootModule) NewModuleInstance(vu modules.VU) modules.Instance {
	mi := &ModuleInstance{vu: vu}
	if env := vu.InitEnv(); env != nil {
		routeKlog(env.Logger)
		mi.requestMetric = env.Registry.MustNewMetric(requestMetricName, metrics.Trend, metrics.Time)
		mi.syncedMetric = env.Registry.MustNewMetric(syncedMetricName, metrics.Trend, metrics.Time)
	}
	return mi
}

// Exports lists what `import kube from 'k6/x/kube'` gives; see src/k6/kube.d.ts for the types.
func (mi *ModuleInstance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{
		"informers":     mi.informers,
		"list":          mi.list,
		"clientVersion": clientVersion,
	}}
}

func (mi *ModuleInstance) informers(arg sobek.Value) *sobek.Promise {
	p, resolve, reject := promises.New(mi.vu)
	var opts InformerOptions
	em, err := start(mi, arg, &opts, opts.validate, func() (*emitter, error) { return mi.emitter(opts.Tags) })
	if err != nil {
		reject(fmt.Errorf("k6/x/kube informers(): %w", err))
		return p
	}
	go func() {
		res, err := runInformers(mi.vu.Context(), opts, em)
		if err != nil {
			reject(fmt.Errorf("k6/x/kube informers(): %w", err))
			return
		}
		resolve(res.toJS())
	}()
	return p
}

func (mi *ModuleInstance) list(arg sobek.Value) *sobek.Promise {
	p, resolve, reject := promises.New(mi.vu)
	var opts ListOptions
	client, err := start(mi, arg, &opts, opts.validate, func() (*listClient, error) { return mi.listClient(opts.Connection) })
	if err != nil {
		reject(fmt.Errorf("k6/x/kube list(): %w", err))
		return p
	}
	go func() { resolve(leanList(mi.vu.Context(), client, opts).toJS()) }()
	return p
}

// start reads a call's options object into `into`, validates it and makes what the call runs with.
func start[T any](mi *ModuleInstance, arg sobek.Value, into any, validate func() error, make func() (T, error)) (T, error) {
	var zero T
	if err := mi.exportArg(arg, into); err != nil {
		return zero, err
	}
	if err := validate(); err != nil {
		return zero, err
	}
	return make()
}

func (mi *ModuleInstance) exportArg(arg sobek.Value, into any) error {
	if arg == nil || sobek.IsUndefined(arg) || sobek.IsNull(arg) {
		return fmt.Errorf("expected an options object")
	}
	if err := mi.vu.Runtime().ExportTo(arg, into); err != nil {
		return fmt.Errorf("options: %w", err)
	}
	return nil
}

func (mi *ModuleInstance) emitter(tags ObservationTags) (*emitter, error) {
	state := mi.vu.State()
	if state == nil {
		return nil, fmt.Errorf("must be called from a VU (default function or scenario exec), not the init context")
	}
	if mi.requestMetric == nil {
		return nil, fmt.Errorf("metrics were not registered (the module was not imported in the init context)")
	}
	base := state.Tags.GetCurrentValues().Tags.With("variant", tags.Variant).With("scenario", tags.Scenario)
	return &emitter{ctx: mi.vu.Context(), samples: state.Samples, base: base, request: mi.requestMetric, synced: mi.syncedMetric}, nil
}

func (mi *ModuleInstance) listClient(c Connection) (*listClient, error) {
	key := c.cacheKey()
	if v, ok := mi.listClients.Load(key); ok {
		return v.(*listClient), nil
	}
	lc, err := newListClient(c)
	if err != nil {
		return nil, err
	}
	v, _ := mi.listClients.LoadOrStore(key, lc)
	return v.(*listClient), nil
}
