package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestGunzipTransportInflatesWhatItAskedFor(t *testing.T) {
	body := strings.Repeat(`{"metadata":{"name":"x"}},`, 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept-Encoding") != "gzip" {
			_, _ = io.WriteString(w, body)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		_, _ = io.WriteString(zw, body)
		_ = zw.Close()
	}))
	defer srv.Close()
	hc := &http.Client{Transport: withGunzip(&http.Transport{DisableCompression: true})}
	resp, err := hc.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil || !bytes.Equal(got, []byte(body)) {
		t.Fatalf("inflated %d bytes (err %v), want %d", len(got), err, len(body))
	}
	if resp.Header.Get("Content-Encoding") != "" || !resp.Uncompressed {
		t.Fatalf("response still says it is compressed: %v", resp.Header)
	}
}
