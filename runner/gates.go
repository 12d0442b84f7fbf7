package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"

	clientfeatures "k8s.io/client-go/features"
)

// clientGates replaces client-go's feature gates so the WatchListClient gate follows the informers' mode
// instead of the KUBE_FEATURE_WatchListClient environment variable. The gate is read when a reflector is
// created and is process-wide, so informers of both modes cannot run at once in one runner process. The gate is set
// explicitly for every plan: from client-go v0.35 its default is on, and a default must never pick the mode.
type clientGates struct {
	mu       sync.Mutex
	defaults map[clientfeatures.Feature]bool
	mode     string
	users    int
	cbor     bool
}

var gates = &clientGates{defaults: map[clientfeatures.Feature]bool{}}

func init() {
	if err := clientfeatures.AddFeaturesToExistingFeatureGates(gates); err == nil {
		clientfeatures.ReplaceFeatureGates(gates)
	}
}

// Add receives client-go's known features and their defaults; KUBE_FEATURE_<name> still overrides them.
func (g *clientGates) Add(specs map[clientfeatures.Feature]clientfeatures.FeatureSpec) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	for f, spec := range specs {
		v := spec.Default
		if s, ok := os.LookupEnv("KUBE_FEATURE_" + string(f)); ok {
			if b, err := strconv.ParseBool(s); err == nil {
				v = b
			}
		}
		g.defaults[f] = v
	}
	return nil
}

func (g *clientGates) Enabled(f clientfeatures.Feature) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if f == clientfeatures.WatchListClient && (g.users > 0 || g.mode != "") {
		return g.mode == modeWatchList
	}
	if g.cbor && (f == clientfeatures.ClientsAllowCBOR) {
		return true
	}
	return g.defaults[f]
}

// acquire sets the mode for the informers about to start; release when they have stopped.
func (g *clientGates) acquire(mode string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.users > 0 && g.mode != mode {
		return fmt.Errorf(`mode "%s" cannot start while informers in mode "%s" run in this runner process (client-go's WatchListClient gate is process-wide)`, mode, g.mode)
	}
	g.mode = mode
	g.users++
	return nil
}

func (g *clientGates) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.users--
}

// allowCBOR turns on client-go's ClientsAllowCBOR for a plan whose clients ask for CBOR.
func (g *clientGates) allowCBOR() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.cbor = true
}

// setMode fixes the WatchListClient gate for the whole process: a runner runs one plan, of one client mode.
func (g *clientGates) setMode(mode string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.mode = mode
}
