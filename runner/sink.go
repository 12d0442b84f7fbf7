package main

import "time"

// sink is a scenario's view of the emitter: every line it writes names the scenario.
type sink struct {
	out      *emitter
	scenario string
}

func (s *sink) observe(o observation) {
	o.scenario = s.scenario
	s.out.observe(o)
}

func (s *sink) synced(d time.Duration, informer int) { s.out.timeToSynced(s.scenario, d, informer) }
