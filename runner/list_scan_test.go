package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/scheme"
)

func secretList(n int, rv, cont string) *corev1.SecretList {
	l := &corev1.SecretList{ListMeta: metav1.ListMeta{ResourceVersion: rv, Continue: cont}}
	for i := 0; i < n; i++ {
		l.Items = append(l.Items, corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("s-%d", i), Namespace: "ksb"},
			// data that looks like an item start, to show it is not counted
			Data: map[string][]byte{"k": bytes.Repeat([]byte(`{"metadata":`), 50)},
		})
	}
	return l
}

func encode(t *testing.T, mediaType string, obj runtime.Object) []byte {
	t.Helper()
	info, ok := runtime.SerializerInfoForMediaType(scheme.Codecs.SupportedMediaTypes(), mediaType)
	if !ok {
		t.Fatalf("no serializer for %s", mediaType)
	}
	enc := scheme.Codecs.EncoderForVersion(info.Serializer, corev1.SchemeGroupVersion)
	var buf bytes.Buffer
	if err := enc.Encode(obj, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// oneByteReader returns at most n bytes per Read, so matches are split across reads.
type smallReads struct {
	r io.Reader
	n int
}

func (s smallReads) Read(p []byte) (int, error) {
	if len(p) > s.n {
		p = p[:s.n]
	}
	return s.r.Read(p)
}

func TestScanJSONListCountsItemsAcrossReads(t *testing.T) {
	for _, tc := range []struct{ items, readSize int }{{0, 7}, {1, 5}, {37, 3}, {37, 1 << 20}, {500, 4093}} {
		body := encode(t, mediaJSON, secretList(tc.items, "12345", "tok"))
		n, rv, cont, err := scanJSONList(smallReads{bytes.NewReader(body), tc.readSize})
		if err != nil || n != int64(tc.items) || rv != "12345" || cont != "tok" {
			t.Errorf("items=%d reads of %d: got n=%d rv=%q continue=%q err=%v", tc.items, tc.readSize, n, rv, cont, err)
		}
	}
}

func TestScanProtobufListSkipsItems(t *testing.T) {
	for _, items := range []int{0, 1, 250} {
		body := encode(t, mediaProtobuf, secretList(items, "777", "next"))
		n, rv, cont, err := scanProtobufList(bufio.NewReaderSize(smallReads{bytes.NewReader(body), 1000}, 16))
		if err != nil || n != int64(items) || rv != "777" || cont != "next" {
			t.Errorf("items=%d: got n=%d rv=%q continue=%q err=%v", items, n, rv, cont, err)
		}
	}
}

func TestScanProtobufListRejectsJSON(t *testing.T) {
	body := encode(t, mediaJSON, secretList(2, "1", ""))
	if _, _, _, err := scanProtobufList(bufio.NewReader(bytes.NewReader(body))); err == nil {
		t.Fatal("a JSON body was accepted as protobuf")
	}
}

func TestDecodeListMatchesScan(t *testing.T) {
	for _, mt := range []string{mediaJSON, mediaProtobuf} {
		body := encode(t, mt, secretList(9, "42", ""))
		n, rv, _, err := decodeList(bytes.NewReader(body), mt)
		if err != nil || n != 9 || rv != "42" {
			t.Errorf("%s: got n=%d rv=%q err=%v", mt, n, rv, err)
		}
	}
}

func TestOptionsValidationNamesTheField(t *testing.T) {
	base := func() InformerOptions {
		return InformerOptions{Connection: Connection{URL: "http://127.0.0.1:1"}, Resource: "secrets", Count: 1, Mode: modeListWatch, SyncTimeoutMs: 1}
	}
	cases := map[string]func(*InformerOptions){
		"connection.url":         func(o *InformerOptions) { o.Connection.URL = "127.0.0.1:6443" },
		"connection.contentType": func(o *InformerOptions) { o.Connection.ContentType = "yaml" },
		"resource must be":       func(o *InformerOptions) { o.Resource = "widgets" },
		"count must be":          func(o *InformerOptions) { o.Count = 0 },
		"mode must be":           func(o *InformerOptions) { o.Mode = "stream" },
		"dropAt must be":         func(o *InformerOptions) { o.DropAt = []float64{2000, 1000} },
	}
	for want, mutate := range cases {
		o := base()
		mutate(&o)
		err := o.validate()
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(want)) {
			t.Errorf("%s: got %v", want, err)
		}
	}
	o := base()
	if err := o.validate(); err != nil || !*o.KeepObjects || o.Connection.ContentType != contentJSON {
		t.Errorf("valid options: err=%v keep=%v contentType=%q", err, o.KeepObjects, o.Connection.ContentType)
	}
}

func TestGatesFollowTheMode(t *testing.T) {
	if err := gates.acquire(modeWatchList); err != nil {
		t.Fatal(err)
	}
	if err := gates.acquire(modeListWatch); err == nil {
		t.Error("a second mode was accepted while the first ran")
	}
	gates.release()
	if err := gates.acquire(modeListWatch); err != nil {
		t.Fatal(err)
	}
	gates.release()
}

func TestConnectionCacheKeyFollowsSettingsNotPointers(t *testing.T) {
	on, on2, off := true, true, false
	a := Connection{URL: "http://127.0.0.1:1", Token: "t", Compression: &on}
	b := Connection{URL: "http://127.0.0.1:1", Token: "t", Compression: &on2}
	c := Connection{URL: "http://127.0.0.1:1", Token: "t", Compression: &off}
	if a.cacheKey() != b.cacheKey() || a.cacheKey() == c.cacheKey() {
		t.Fatalf("keys: %q %q %q", a.cacheKey(), b.cacheKey(), c.cacheKey())
	}
}

func TestScanJSONListThroughTheInflaterCountsItemsAndBytes(t *testing.T) {
	body := encode(t, mediaJSON, secretList(300, "777", ""))
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, _ = zw.Write(body)
	_ = zw.Close()
	counted := &countingReader{r: &gzipBody{raw: io.NopCloser(&zipped)}}
	n, rv, _, err := scanJSONList(counted)
	if err != nil || n != 300 || rv != "777" || counted.n != int64(len(body)) {
		t.Fatalf("got %d items, rv %q, %d bytes (want %d), err %v", n, rv, counted.n, len(body), err)
	}
}
