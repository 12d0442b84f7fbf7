// client-go-create: what every controller written with client-go does, as a probe for a target. A typed
// clientset (protobuf bodies, client-go's default) creates a ConfigMap whose namespace is left unset, reads it
// back, and updates it with the namespace cleared again. Prints one JSON line; exits 1 with the error otherwise.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

type result struct {
	ContentType string `json:"contentType"`
	Created     string `json:"createdNamespace"`
	Updated     string `json:"updatedNamespace"`
	Data        string `json:"data"`
}

func main() {
	server := flag.String("server", "", "apiserver URL")
	token := flag.String("token", "", "bearer token")
	caFile := flag.String("ca-file", "", "PEM file of the CA that signed the serving certificate")
	namespace := flag.String("namespace", "default", "namespace on the request")
	name := flag.String("name", "client-go-probe", "ConfigMap name")
	useJSON := flag.Bool("json", false, "send JSON bodies instead of protobuf")
	flag.Parse()
	if *server == "" {
		fail(fmt.Errorf("-server is required"))
	}
	cfg := &rest.Config{Host: *server, BearerToken: *token, Timeout: 30 * time.Second}
	cfg.TLSClientConfig.CAFile = *caFile
	cfg.ContentType = "application/vnd.kubernetes.protobuf"
	if *useJSON {
		cfg.ContentType = "application/json"
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	cms := cs.CoreV1().ConfigMaps(*namespace)
	created, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: *name}, Data: map[string]string{"k": "v1"}}, metav1.CreateOptions{})
	if err != nil {
		fail(fmt.Errorf("create: %w", err))
	}
	got, err := cms.Get(ctx, *name, metav1.GetOptions{})
	if err != nil {
		fail(fmt.Errorf("get: %w", err))
	}
	got.Namespace = ""
	got.Data["k"] = "v2"
	updated, err := cms.Update(ctx, got, metav1.UpdateOptions{})
	if err != nil {
		fail(fmt.Errorf("update: %w", err))
	}
	out, _ := json.Marshal(result{ContentType: cfg.ContentType, Created: created.Namespace, Updated: updated.Namespace, Data: updated.Data["k"]})
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "client-go-create:", err)
	os.Exit(1)
}
