package main

import (
	"os"
	"runtime"
)

// leanProcs is how many Ps (GOMAXPROCS) the runner gives a plan whose client work is only reading LIST bodies
// without decoding them, and PATCHing: inflating and counting run at several GB/s on one core, far above what an
// apiserver sends, while a second P makes every HTTP/2 frame hand-off wake another thread (on a 2-core machine
// that spent 40% of the runner's CPU in futex and scheduler calls). Informers and decoded LISTs keep every core.
const leanProcs = 1

// planProcs is the GOMAXPROCS the runner sets for a plan; 0 leaves the Go runtime's own choice. A GOMAXPROCS in
// the environment is the user's, and wins.
func planProcs(p *Plan, getenv func(string) string) int {
	if getenv("GOMAXPROCS") != "" {
		return 0
	}
	for _, s := range p.Scenarios {
		switch {
		case s.Churn != nil:
		case s.ListStorm != nil && !s.ListStorm.Decode:
		default:
			return 0
		}
	}
	return leanProcs
}

// setPlanProcs applies planProcs and returns the GOMAXPROCS the run has.
func setPlanProcs(p *Plan) int {
	if n := planProcs(p, os.Getenv); n > 0 {
		runtime.GOMAXPROCS(n)
	}
	return runtime.GOMAXPROCS(0)
}
