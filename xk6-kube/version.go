package kube

import "runtime/debug"

var clientGoVersion = moduleVersion("k8s.io/client-go")

func moduleVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == path {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return "unknown"
}

// clientVersion tells a script (and the harness, through it) which client library produced its numbers.
func clientVersion() map[string]any {
	return map[string]any{"clientGo": clientGoVersion, "extension": "k6/x/kube"}
}
