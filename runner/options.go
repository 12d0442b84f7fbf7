package main

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

const (
	modeListWatch = "list-watch"
	modeWatchList = "watchlist"
)

// InformerOptions describe N informers on one resource, as N controllers (or one, with ShareClient) would run them.
type InformerOptions struct {
	Connection Connection
	Resource   string
	// Namespace "" watches every namespace.
	Namespace string
	Count     int
	// FirstID numbers the informers FirstID … FirstID+Count-1 in the results.
	FirstID int
	// Mode is list-watch (LIST resourceVersion=0 with client-go's pager, then WATCH) or watchlist
	// (client-go's WatchListClient path: sendInitialEvents, synced at the initial-events-end bookmark).
	Mode string
	// ShareClient makes every informer use one client (one connection), as informers of one process do.
	ShareClient bool
	// KeepObjects false keeps only each object's metadata in the store (a transform, as metadata-only
	// controllers do); objects are still decoded.
	KeepObjects *bool
	// HoldMs: how long the informers stay open after every one of them synced (or gave up).
	HoldMs int64
	// SyncTimeoutMs bounds the wait for every informer to sync; one that has not is an error row.
	SyncTimeoutMs int64
	// DropAt: times (Unix ms) at which every open watch is closed at once, as a broken connection would;
	// the reflectors resume as client-go does (watch from their last resourceVersion, relist on 410).
	DropAt []float64
	// OpenUntil (Unix ms): the informers stay open at least until then, however early they synced.
	OpenUntil float64
}

// coreResources are the core/v1 collections an informer can watch, with the object type it decodes into.
var coreResources = map[string]func() runtime.Object{
	"secrets":    func() runtime.Object { return &corev1.Secret{} },
	"configmaps": func() runtime.Object { return &corev1.ConfigMap{} },
	"pods":       func() runtime.Object { return &corev1.Pod{} },
	"services":   func() runtime.Object { return &corev1.Service{} },
	"namespaces": func() runtime.Object { return &corev1.Namespace{} },
	"events":     func() runtime.Object { return &corev1.Event{} },
}

func resourceChoices() string { return "secrets, configmaps, pods, services, namespaces, events" }

// validateTarget checks what every call names: the connection and a core/v1 resource.
func validateTarget(c *Connection, resource string) error {
	if err := c.validate(); err != nil {
		return err
	}
	if _, ok := coreResources[resource]; !ok {
		return fmt.Errorf(`resource must be one of %s; got "%s"`, resourceChoices(), resource)
	}
	return nil
}

func (o *InformerOptions) validate() error {
	if err := validateTarget(&o.Connection, o.Resource); err != nil {
		return err
	}
	if o.Count < 1 {
		return fmt.Errorf("count must be a positive integer, got %d", o.Count)
	}
	if o.Mode != modeListWatch && o.Mode != modeWatchList {
		return fmt.Errorf(`mode must be "list-watch" or "watchlist", got "%s"`, o.Mode)
	}
	if o.HoldMs < 0 || o.SyncTimeoutMs <= 0 {
		return fmt.Errorf("holdMs must be >= 0 and syncTimeoutMs > 0, got %d and %d", o.HoldMs, o.SyncTimeoutMs)
	}
	for i, t := range o.DropAt {
		if t <= 0 || (i > 0 && t < o.DropAt[i-1]) {
			return fmt.Errorf("dropAt must be increasing Unix times in ms, got %v at [%d]", t, i)
		}
	}
	if o.KeepObjects == nil {
		keep := true
		o.KeepObjects = &keep
	}
	return nil
}

// ListOptions describe one lean LIST request (one page when Limit is set).
type ListOptions struct {
	Connection      Connection
	Resource        string
	Namespace       string
	ResourceVersion *string
	Limit           int64
	Continue        string
	// Decode true decodes the whole body into typed objects, as client-go does; false streams it, counting items.
	Decode    bool
	TimeoutMs int64
}

func (o *ListOptions) validate() error {
	if err := validateTarget(&o.Connection, o.Resource); err != nil {
		return err
	}
	if o.Limit < 0 {
		return fmt.Errorf("limit must be >= 0, got %d", o.Limit)
	}
	if o.TimeoutMs <= 0 {
		o.TimeoutMs = 10 * 60 * 1000
	}
	return nil
}
