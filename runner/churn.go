package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/client-go/rest"
)

// churnResult says whether the churn kept its rate: an open-model load that falls behind must say so.
type churnResult struct {
	Scenario       string  `json:"scenario"`
	TargetPerSec   float64 `json:"target_per_second"`
	AchievedPerSec float64 `json:"achieved_per_second"`
	Sent           int64   `json:"sent"`
	Skipped        int64   `json:"skipped"`
}

// maxChurnInFlight bounds the PATCHes open at once; an arrival that finds them all busy is skipped and counted.
const maxChurnInFlight = 64

// runChurn PATCHes seeded objects at the scenario's rate (arrivals on a fixed schedule, not waiting for answers)
// for its duration. A segment takes every n-th arrival of the whole schedule, so segments add up exactly.
func runChurn(ctx context.Context, base Connection, sc *ChurnScenario, seg segment, em *sink) churnResult {
	rate := sc.RatePerSecond
	res := churnResult{Scenario: sc.Name, TargetPerSec: seg.rate(rate)}
	if rate <= 0 {
		return res
	}
	conn := base
	conn.ContentType = contentJSON
	hc, err := rest.HTTPClientFor(conn.restConfig(nil))
	if err != nil {
		em.observe(observation{op: "patch", err: err.Error(), ttfb: -1, bytes: -1, objects: -1, informer: -1})
		return res
	}
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	end := start.Add(time.Duration(sc.DurationMs) * time.Millisecond)
	slots := make(chan struct{}, maxChurnInFlight)
	var sent, skipped atomic.Int64
	var wg sync.WaitGroup
	for k := 0; ; k++ {
		at := start.Add(time.Duration(k) * interval)
		if !at.Before(end) {
			break
		}
		if k%seg.of != seg.index {
			continue
		}
		if !at.Before(end) || !sleepUntil(ctx, at) {
			break
		}
		select {
		case slots <- struct{}{}:
		default:
			skipped.Add(1)
			continue
		}
		sent.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			em.observe(patchOnce(ctx, hc, conn, sc))
		}()
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	res.Sent, res.Skipped = sent.Load(), skipped.Load()
	if elapsed > 0 {
		res.AchievedPerSec = float64(res.Sent) / min(elapsed, float64(sc.DurationMs)/1000)
	}
	return res
}

func patchOnce(ctx context.Context, hc *http.Client, c Connection, sc *ChurnScenario) observation {
	name := fmt.Sprintf("ksb-%06d", rand.IntN(sc.Objects))
	path := "/api/v1/" + sc.Resource + "/" + name
	if sc.Namespace != "" {
		path = "/api/v1/namespaces/" + url.PathEscape(sc.Namespace) + "/" + sc.Resource + "/" + name
	}
	body := `{"metadata":{"annotations":{"kube-stream-bench/churn":"` + strconv.FormatInt(time.Now().UnixMilli(), 10) + `"}}}`
	o := observation{op: "patch", ttfb: -1, bytes: -1, objects: -1, informer: -1}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPatch, c.URL+path, bytes.NewBufferString(body))
	if err != nil {
		o.err = err.Error()
		return o
	}
	req.Header.Set("Content-Type", "application/merge-patch+json")
	req.Header.Set("Accept", mediaJSON)
	resp, err := hc.Do(req)
	o.ttfb = time.Since(start)
	if err != nil {
		o.duration, o.err = time.Since(start), err.Error()
		return o
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	o.status, o.duration, o.bytes = resp.StatusCode, time.Since(start), n
	if resp.StatusCode != http.StatusOK {
		o.err = "HTTP " + strconv.Itoa(resp.StatusCode)
	}
	return o
}
