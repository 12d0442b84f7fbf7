package kube

import (
	"context"
	"strconv"
	"time"

	"go.k6.io/k6/metrics"
)

// ObservationTags are the low-cardinality tags every sample carries; per-observation values go in metadata,
// so the number of k6 time series stays fixed however many observations a run makes.
type ObservationTags struct {
	Variant  string `js:"variant"`
	Scenario string `js:"scenario"`
}

// observation is one row of the harness's requests.csv.
type observation struct {
	op       string // list | watch | watchlist | reconnect
	status   int
	duration time.Duration
	ttfb     time.Duration // <0: none
	bytes    int64         // <0: unknown
	objects  int64         // <0: unknown
	err      string
	informer int
}

type emitter struct {
	ctx     context.Context
	samples chan<- metrics.SampleContainer
	base    *metrics.TagSet
	request *metrics.Metric
	synced  *metrics.Metric
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func (e *emitter) observe(o observation) {
	md := map[string]string{"informer": strconv.Itoa(o.informer)}
	if o.ttfb >= 0 {
		md["ttfb_ms"] = strconv.FormatFloat(ms(o.ttfb), 'f', 3, 64)
	}
	if o.bytes >= 0 {
		md["bytes"] = strconv.FormatInt(o.bytes, 10)
	}
	if o.objects >= 0 {
		md["objects"] = strconv.FormatInt(o.objects, 10)
	}
	if o.err != "" {
		if len(o.err) > 200 {
			o.err = o.err[:200]
		}
		md["error"] = o.err
	}
	tags := e.base.With("op", o.op).With("status", strconv.Itoa(o.status))
	metrics.PushIfNotDone(e.ctx, e.samples, metrics.Sample{
		TimeSeries: metrics.TimeSeries{Metric: e.request, Tags: tags},
		Time:       time.Now(),
		Value:      ms(o.duration),
		Metadata:   md,
	})
}

func (e *emitter) timeToSynced(d time.Duration, informer int) {
	metrics.PushIfNotDone(e.ctx, e.samples, metrics.Sample{
		TimeSeries: metrics.TimeSeries{Metric: e.synced, Tags: e.base},
		Time:       time.Now(),
		Value:      ms(d),
		Metadata:   map[string]string{"informer": strconv.Itoa(informer)},
	})
}
