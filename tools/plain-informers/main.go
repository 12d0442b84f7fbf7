// plain-informers is the yardstick for ksb-runner's fidelity: N client-go shared informers as a plain
// controller process starts them — one clientset each, the mode chosen the standard way (the
// KUBE_FEATURE_WatchListClient environment variable) — synced, held, stopped. No observation, no harness.
// bench:fidelity runs it beside ksb-runner against the same apiserver and compares what the apiserver paid.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

func main() {
	informers := flag.Int("informers", 16, "informers, one clientset each")
	connections := flag.String("connections", "own", "own: a connection per informer, as N controller processes have; shared: one for all, as one process's clientsets share client-go's cached transport")
	namespace := flag.String("namespace", "ksb", "namespace of the secrets to watch")
	contentType := flag.String("content-type", "protobuf", "protobuf or json")
	hold := flag.Duration("hold", 5*time.Second, "how long the informers stay after all synced")
	timeout := flag.Duration("timeout", 10*time.Minute, "longest wait for every informer to sync")
	flag.Parse()
	if *connections != "own" && *connections != "shared" {
		fmt.Fprintf(os.Stderr, "plain-informers: --connections: expected own or shared, got %q\n", *connections)
		os.Exit(2)
	}
	if err := run(*informers, *namespace, *contentType, *connections == "shared", *hold, *timeout); err != nil {
		fmt.Fprintf(os.Stderr, "plain-informers: %v\n", err)
		os.Exit(1)
	}
}

func run(n int, namespace, contentType string, shared bool, hold, timeout time.Duration) error {
	cfg := &rest.Config{
		Host:            strings.TrimRight(os.Getenv("KSB_TARGET_URL"), "/"),
		BearerToken:     os.Getenv("KSB_TOKEN"),
		TLSClientConfig: rest.TLSClientConfig{Insecure: os.Getenv("KSB_INSECURE_SKIP_TLS_VERIFY") == "true"},
		QPS:             1000,
		Burst:           1000,
	}
	if cfg.Host == "" {
		return fmt.Errorf("KSB_TARGET_URL: expected the apiserver's base URL")
	}
	if contentType == "protobuf" {
		cfg.ContentType, cfg.AcceptContentTypes = "application/vnd.kubernetes.protobuf", "application/vnd.kubernetes.protobuf"
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	synced := make([]cache.InformerSynced, 0, n)
	for i := 0; i < n; i++ {
		c := rest.CopyConfig(cfg)
		c.UserAgent = fmt.Sprintf("plain-informers/%d", i)
		if !shared {
			// client-go caches transports by TLS settings, so equal configs share one connection; a config with a
			// Proxy func is not cached, and gets a transport (a connection) of its own.
			c.Proxy = func(*http.Request) (*url.URL, error) { return nil, nil }
		}
		cs, err := kubernetes.NewForConfig(c)
		if err != nil {
			return err
		}
		lw := cache.NewListWatchFromClient(cs.CoreV1().RESTClient(), "secrets", namespace, fields.Everything())
		inf := cache.NewSharedIndexInformer(lw, &corev1.Secret{}, 0, cache.Indexers{})
		go inf.Run(ctx.Done())
		synced = append(synced, inf.HasSynced)
	}
	waitCtx, waitCancel := context.WithTimeout(ctx, timeout)
	defer waitCancel()
	if !cache.WaitForCacheSync(waitCtx.Done(), synced...) {
		return fmt.Errorf("not every informer synced within %s", timeout)
	}
	fmt.Printf("%d informers synced in %s\n", n, time.Since(start).Round(time.Millisecond))
	time.Sleep(hold)
	return nil
}
