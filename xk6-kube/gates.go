package kube

import (
	"fmt"
	"os"
	"strconv"
	"sync"

	clientfeatures "k8s.io/client-go/features"
)

// clientGates replaces client-go's feature gates so the WatchListClient gate follows the informers' mode
// instead of the KUBE_FEATURE_WatchListClient environment variable. The gate is read when a reflector is
// created and is process-wide, so informers of both modes cannot run at once in one k6 process.
type clientGates struct {
	mu       sync.Mutex
	defaults map[clientfeatures.Feature]bool
	mode     string
	users    int
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
	if f == clientfeatures.WatchListClient && g.users > 0 {
		return g.mode == modeWatchList
	}
	return g.defaults[f]
}

// acquire sets the mode for the informers about to start; release when they have stopped.
func (g *clientGates) acquire(mode string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.users > 0 && g.mode != mode {
		return fmt.Errorf(`mode "%s" cannot start while informers in mode "%s" run in this k6 process (client-go's WatchListClient gate is process-wide)`, mode, g.mode)
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
