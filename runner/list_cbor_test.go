package main

import (
	"bytes"
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	cborserializer "k8s.io/apimachinery/pkg/runtime/serializer/cbor"
	"k8s.io/client-go/kubernetes/scheme"
)

// A list encoded by apimachinery's CBOR serializer (self-described, as kube-apiserver writes it) scans and
// decodes to its item count, resourceVersion and continue token.
func TestCBORListScanAndDecode(t *testing.T) {
	list := &corev1.ConfigMapList{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMapList"},
		ListMeta: metav1.ListMeta{ResourceVersion: "4711", Continue: "next-page"},
	}
	for i := range 37 {
		list.Items = append(list.Items, corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("cm-%d", i), Namespace: "ksb"},
			Data:       map[string]string{"k": "items inside data must not be counted"},
		})
	}
	var buf bytes.Buffer
	if err := cborserializer.NewSerializer(scheme.Scheme, scheme.Scheme).Encode(list, &buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte{0xd9, 0xd9, 0xf7}) {
		t.Fatalf("expected the self-described CBOR tag first, got % x", buf.Bytes()[:3])
	}
	for name, f := range map[string]func() (int64, string, string, error){
		"scan":   func() (int64, string, string, error) { return scanCBORList(bytes.NewReader(buf.Bytes())) },
		"decode": func() (int64, string, string, error) { return decodeCBORList(buf.Bytes()) },
	} {
		n, rv, cont, err := f()
		if err != nil || n != 37 || rv != "4711" || cont != "next-page" {
			t.Errorf("%s: got %d items, rv %q, continue %q, err %v; want 37, 4711, next-page", name, n, rv, cont, err)
		}
	}
	if _, _, _, err := scanCBORList(bytes.NewReader([]byte(`{"items":[]}`))); err == nil {
		t.Error("scan of a JSON body as cbor: want an error, got none")
	}
}
