package main

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/go-logr/logr"
	"k8s.io/klog/v2"
)

// client-go logs through klog. Its errors are also error rows in the observations, so on stderr they are kept
// short and rate-limited: a storm of 1,000 informers failing at once must not flood the harness's terminal.
var klogOnce sync.Once

func routeKlog(w io.Writer, verbose bool) {
	klogOnce.Do(func() {
		klog.SetLogger(logr.New(&stderrSink{w: w, verbose: verbose, mu: &sync.Mutex{}, budget: new(int)}))
	})
}

type stderrSink struct {
	w       io.Writer
	verbose bool
	mu      *sync.Mutex
	budget  *int // lines written so far; past maxKlogLines only a final notice
	name    string
	values  []any
}

const maxKlogLines = 50

func (s *stderrSink) Init(logr.RuntimeInfo) {}
func (s *stderrSink) Enabled(level int) bool {
	return s.verbose && level <= 2
}

func (s *stderrSink) Info(_ int, msg string, kv ...any) { s.write("client-go: " + s.format(msg, kv)) }

func (s *stderrSink) Error(err error, msg string, kv ...any) {
	s.write("client-go error: " + s.format(msg, append(kv, "err", err)))
}

func (s *stderrSink) write(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	*s.budget++
	switch {
	case *s.budget < maxKlogLines:
		fmt.Fprintln(s.w, line)
	case *s.budget == maxKlogLines:
		fmt.Fprintf(s.w, "client-go: more than %d log lines; the rest are dropped (errors are rows in the observations)\n", maxKlogLines)
	}
}

func (s *stderrSink) WithValues(kv ...any) logr.LogSink {
	c := *s
	c.values = append(append([]any{}, s.values...), kv...)
	return &c
}

func (s *stderrSink) WithName(name string) logr.LogSink {
	c := *s
	c.name = strings.TrimPrefix(s.name+"/"+name, "/")
	return &c
}

func (s *stderrSink) format(msg string, kv []any) string {
	var b strings.Builder
	if s.name != "" {
		b.WriteString(s.name + ": ")
	}
	b.WriteString(msg)
	all := append(append([]any{}, s.values...), kv...)
	for i := 0; i+1 < len(all); i += 2 {
		fmt.Fprintf(&b, " %v=%v", all[i], all[i+1])
	}
	return b.String()
}
