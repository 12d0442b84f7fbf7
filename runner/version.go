package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// runnerVersion is the runner's own version; scripts/build-runner.sh stamps it with -ldflags -X main.runnerVersion.
var runnerVersion = "0.1.0"

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

// engineInfo is what run.json records as the engine that produced the figures.
type engineInfo struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Go       string `json:"go"`
	ClientGo string `json:"client_go"`
	Platform string `json:"platform"`
}

func currentEngine() engineInfo {
	return engineInfo{Name: "ksb-runner", Version: runnerVersion, Go: runtime.Version(), ClientGo: clientGoVersion, Platform: runtime.GOOS + "/" + runtime.GOARCH}
}

func (e engineInfo) String() string {
	return fmt.Sprintf("ksb-runner %s (%s, client-go %s)", e.Version, e.Go, e.ClientGo)
}
