package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// The runner's memory is part of the measurement's limits: a plan it cannot hold is refused before it starts,
// and a run that grows past the budget ends with exit code exitBudget instead of taking the machine down.

const (
	// perInformerOverhead: a client-go informer's connection, reflector, goroutines and buffers beyond its store.
	perInformerOverhead = 200 << 10
	runnerBaseBytes     = 48 << 20
)

// defaultBudget is half of what this process may use: the host's memory, or the cgroup's limit when lower.
func defaultBudget() int64 {
	total := memTotal()
	if lim := cgroupLimit(); lim > 0 && (total == 0 || lim < total) {
		total = lim
	}
	if total == 0 {
		return 4 << 30
	}
	return total / 2
}

func memTotal() int64 { return procKiB("/proc/meminfo", "MemTotal:") }

func cgroupLimit() int64 {
	b, err := os.ReadFile("/sys/fs/cgroup/memory.max")
	if err != nil {
		return 0
	}
	v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0 // "max"
	}
	return v
}

// estimateBytes is a lower bound of what this segment of the plan holds at its peak: every informer's store
// (whole objects, or only metadata) and every decoding LIST worker's body, from the plan's expected LIST size.
func estimateBytes(p *Plan, seg segment) int64 {
	total := int64(runnerBaseBytes)
	for i := range p.Scenarios {
		sc := &p.Scenarios[i]
		if set := sc.informerSet(); set != nil {
			first, end := seg.span(set.Count)
			per := int64(perInformerOverhead)
			if set.Client.KeepObjects {
				per += p.ExpectedListBytes
			} else {
				per += p.ExpectedListBytes / 20 // metadata, and the transient decode of a LIST page
			}
			total += int64(end-first) * per
		} else if sc.ListStorm != nil {
			first, end := seg.span(sc.ListStorm.Concurrency)
			if sc.ListStorm.Decode {
				total += int64(end-first) * 2 * p.ExpectedListBytes
			} else {
				total += int64(end-first) * (512 << 10)
			}
		}
	}
	return total
}

// parseBytes reads 1073741824, 1GiB, 512MiB, 64KiB.
func parseBytes(v string) (int64, error) {
	units := []struct {
		suffix string
		mul    int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}, {"", 1}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(v, u.suffix); ok {
			f, err := strconv.ParseFloat(num, 64)
			if err != nil || f <= 0 {
				break
			}
			return int64(f * float64(u.mul)), nil
		}
	}
	return 0, fmt.Errorf(`--memory-budget: expected a size like 2GiB, 512MiB or a number of bytes, got "%s"`, v)
}

func formatBytes(b int64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", b>>10)
}

// rssBytes is this process's resident set, from /proc (0 where there is none).
func rssBytes() int64 { return procKiB("/proc/self/status", "VmRSS:") }

// watchBudget calls over() once if the resident set passes the budget, checking every interval until ctx ends.
func watchBudget(ctx context.Context, budget int64, interval time.Duration, over func(rss int64)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if rss := rssBytes(); rss > budget {
				over(rss)
				return
			}
		}
	}
}

// peakRSS is this process's peak resident set (VmHWM), 0 where /proc has none.
func peakRSS() int64 { return procKiB("/proc/self/status", "VmHWM:") }

// procKiB reads a "<field> <n> kB" line of a /proc file as bytes; 0 when the file or the field is missing.
func procKiB(path, field string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
