package kube

import (
	"fmt"
	"strings"
	"sync"

	"github.com/go-logr/logr"
	"github.com/sirupsen/logrus"
	"k8s.io/klog/v2"
)

// client-go logs through klog to stderr, which would interleave with k6's own output. Route it to k6's
// logger instead: client-go's errors as warnings (they are also error rows in the results), the rest at debug.
var klogOnce sync.Once

func routeKlog(l logrus.FieldLogger) {
	klogOnce.Do(func() { klog.SetLogger(logr.New(&k6Sink{log: l.WithField("source", "client-go")})) })
}

type k6Sink struct {
	log    logrus.FieldLogger
	name   string
	values []any
}

func (s *k6Sink) Init(logr.RuntimeInfo)  {}
func (s *k6Sink) Enabled(level int) bool { return level <= 2 }

func (s *k6Sink) Info(level int, msg string, kv ...any) {
	s.log.Debug(s.format(msg, kv))
}

func (s *k6Sink) Error(err error, msg string, kv ...any) {
	s.log.Warn(s.format(msg, append(kv, "err", err)))
}

func (s *k6Sink) WithValues(kv ...any) logr.LogSink {
	return &k6Sink{log: s.log, name: s.name, values: append(append([]any{}, s.values...), kv...)}
}

func (s *k6Sink) WithName(name string) logr.LogSink {
	return &k6Sink{log: s.log, name: strings.TrimPrefix(s.name+"/"+name, "/"), values: s.values}
}

func (s *k6Sink) format(msg string, kv []any) string {
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
