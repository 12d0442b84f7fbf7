// ksb-runner is kube-stream-bench's load engine: it reads a compiled plan and runs its scenarios with client-go
// (shared informers, LIST storms, churn) against the apiserver named in its environment, writing one JSON line
// per observation. It is a client only: starting, seeding and measuring the apiserver are the harness's.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
)

// Exit codes (docs/engines.md).
const (
	exitOK          = 0
	exitRunErrors   = 1 // ran to the end, but a scenario could not start
	exitUsage       = 2 // bad flags, plan or environment
	exitBudget      = 3 // refused, or stopped, at the memory budget
	exitUnreachable = 4 // the target did not answer /version
	exitInterrupted = 130
)

func main() { os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr)) }

func realMain(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "--version", "-version", "version":
		if len(args) > 1 && args[1] == "--json" {
			b, _ := json.Marshal(currentEngine())
			fmt.Fprintln(stdout, string(b))
		} else {
			fmt.Fprintln(stdout, currentEngine().String())
		}
		return exitOK
	case "run", "check":
		return runCommand(args[0], args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "ksb-runner: unknown command %q\n%s\n", args[0], usage)
	return exitUsage
}

const usage = `usage:
  ksb-runner run --plan <plan.json> [--segment i/n] [--out <file>|-] [--memory-budget <size>] [--verbose]
  ksb-runner check --plan <plan.json> [--segment i/n] [--memory-budget <size>]
  ksb-runner --version | version --json
The target comes from the environment: KSB_TARGET_URL, KSB_TOKEN or KSB_TOKEN_FILE, KSB_INSECURE_SKIP_TLS_VERIFY,
KSB_CLIENT_CERT and KSB_CLIENT_KEY, KSB_CA_FILE.`

type runFlags struct {
	plan    *Plan
	seg     segment
	out     string
	budget  int64
	verbose bool
	cpuProf string
}

func parseRunFlags(cmd string, args []string, stderr io.Writer) (runFlags, error) {
	fs := flag.NewFlagSet("ksb-runner "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	planPath := fs.String("plan", "", "compiled plan (JSON)")
	segFlag := fs.String("segment", "0/1", "this runner's part of the plan, i/n")
	out := fs.String("out", "-", "where the JSON lines go (- for stdout)")
	budget := fs.String("memory-budget", "", "largest resident set the runner may reach (default: half the host's or cgroup's memory)")
	verbose := fs.Bool("verbose", false, "client-go's log lines on stderr")
	cpuProf := fs.String("cpu-profile", "", "write the runner's own CPU profile (pprof) to this file")
	if err := fs.Parse(args); err != nil {
		return runFlags{}, err
	}
	f := runFlags{out: *out, verbose: *verbose, budget: defaultBudget(), cpuProf: *cpuProf}
	var err error
	if f.seg, err = parseSegment(*segFlag); err != nil {
		return f, err
	}
	if *budget != "" {
		if f.budget, err = parseBytes(*budget); err != nil {
			return f, err
		}
	}
	if *planPath == "" {
		return f, fmt.Errorf("--plan: expected the path of a compiled plan (ksb compile <workload> --engine runner)")
	}
	r, err := os.Open(*planPath)
	if err != nil {
		return f, fmt.Errorf("--plan: %w", err)
	}
	defer r.Close()
	if f.plan, err = readPlan(r); err != nil {
		return f, fmt.Errorf("%s: %w", *planPath, err)
	}
	return f, nil
}

func runCommand(cmd string, args []string, stdout, stderr io.Writer) int {
	f, err := parseRunFlags(cmd, args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "ksb-runner: %v\n", err)
		}
		return exitUsage
	}
	need := estimateBytes(f.plan, f.seg)
	if need > f.budget {
		fmt.Fprintf(stderr, "ksb-runner: load generator limit: segment %s of this plan needs at least %s (informers × expected LIST size, kept objects) but the memory budget is %s (--memory-budget)\n",
			f.seg, formatBytes(need), formatBytes(f.budget))
		return exitBudget
	}
	if cmd == "check" {
		fmt.Fprintf(stdout, "plan %s/%s format %d: %d scenario(s), segment %s needs at least %s of %s\n",
			f.plan.Workload, f.plan.Variant, f.plan.Format, len(f.plan.Scenarios), f.seg, formatBytes(need), formatBytes(f.budget))
		return exitOK
	}
	conn, err := connectionFromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "ksb-runner: %v\n", err)
		return exitUsage
	}
	w := stdout
	if f.out != "-" {
		file, err := os.OpenFile(f.out, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			fmt.Fprintf(stderr, "ksb-runner: --out: %v\n", err)
			return exitUsage
		}
		defer file.Close()
		w = file
	}
	if f.cpuProf != "" {
		stop, err := startCPUProfile(f.cpuProf)
		if err != nil {
			fmt.Fprintf(stderr, "ksb-runner: --cpu-profile: %v\n", err)
			return exitUsage
		}
		defer stop()
	}
	return execute(f, conn, w, stderr)
}

func execute(f runFlags, conn Connection, w, stderr io.Writer) int {
	routeKlog(stderr, f.verbose)
	gates.setMode(f.plan.ClientMode)
	for i := range f.plan.Scenarios {
		sc := &f.plan.Scenarios[i]
		if set := sc.informerSet(); (set != nil && set.Client.ContentType == contentCBOR) || (sc.ListStorm != nil && sc.ListStorm.Accept == contentCBOR) {
			gates.allowCBOR()
		}
	}
	// The Go runtime collects harder as the resident set nears the budget, before the watchdog has to stop the run.
	debug.SetMemoryLimit(f.budget * 9 / 10)
	procs := setPlanProcs(f.plan)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := newEmitter(w, f.plan.Variant)
	start := time.Now()
	out.line(map[string]any{"type": "start", "schema": outputSchema, "engine": currentEngine(), "workload": f.plan.Workload,
		"variant": f.plan.Variant, "client_mode": f.plan.ClientMode, "segment": f.seg.String(), "time_ms": unixMsOf(start),
		"memory_budget_bytes": f.budget, "estimated_bytes": estimateBytes(f.plan, f.seg), "gomaxprocs": procs})

	code, reason := exitOK, ""
	stopWith := func(c int, why string) {
		if code == exitOK {
			code, reason = c, why
		}
		cancel()
	}
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(signals)
	go func() {
		sig, ok := <-signals
		if !ok {
			return
		}
		stopWith(exitInterrupted, "interrupted ("+sig.String()+")")
		if _, ok := <-signals; ok { // a second signal: what is buffered goes out, then exit at once
			out.flush()
			os.Exit(exitInterrupted)
		}
	}()
	go watchBudget(ctx, f.budget, 250*time.Millisecond, func(rss int64) {
		fmt.Fprintf(stderr, "ksb-runner: load generator limit reached: resident set %s passed the memory budget %s; stopping\n", formatBytes(rss), formatBytes(f.budget))
		stopWith(exitBudget, fmt.Sprintf("load generator limit reached: resident set %s passed the memory budget %s", formatBytes(rss), formatBytes(f.budget)))
	})

	st := &runState{plan: f.plan, seg: f.seg, base: conn, out: out}
	if err := checkTarget(ctx, conn); err != nil {
		fmt.Fprintf(stderr, "ksb-runner: %v\n", err)
		stopWith(exitUnreachable, err.Error())
	} else {
		runPlan(ctx, st, start)
	}
	for _, c := range st.churns {
		if c.TargetPerSec > 0 && c.AchievedPerSec < 0.95*c.TargetPerSec {
			fmt.Fprintf(stderr, "ksb-runner: churn %s fell short: %.1f/s achieved of %.1f/s asked (%d arrivals skipped with %d PATCHes in flight)\n",
				c.Scenario, c.AchievedPerSec, c.TargetPerSec, c.Skipped, maxChurnInFlight)
		}
	}
	if code == exitOK && st.errors.Load() > 0 {
		code, reason = exitRunErrors, fmt.Sprintf("%d scenario(s) could not start", st.errors.Load())
	}
	out.close(map[string]any{"type": "end", "exit_code": code, "reason": reason, "time_ms": unixMsOf(time.Now()),
		"elapsed_ms": ms(time.Since(start)), "churn": st.churns, "peak_rss_bytes": peakRSS(), "api_counts": wireCounts.snapshot()})
	return code
}
