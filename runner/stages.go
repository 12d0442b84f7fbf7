package main

import "time"

// arrivalTime is when informer `index` (0-based) arrives on an arrival profile; 0 without one.
// It is src/plan/stages.ts arrivalTimeMs, so the harness's step windows and the runner agree.
func arrivalTime(index int, stages []Stage) time.Duration {
	if len(stages) == 0 {
		return 0
	}
	t, current := 0.0, 0
	for _, s := range stages {
		if s.Target > current && index+1 <= s.Target {
			return msDuration(t + s.DurationMs*float64(index+1-current)/float64(s.Target-current))
		}
		t += s.DurationMs
		current = max(current, s.Target)
	}
	return msDuration(t)
}

func msDuration(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }
