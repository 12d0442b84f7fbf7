package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
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

func gzipped(t *testing.T, body string, header gzip.Header) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Header = header
	if _, err := io.WriteString(zw, body); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGzipBodyReadsOptionalHeaderFields(t *testing.T) {
	body := strings.Repeat("abc", 10000)
	data := gzipped(t, body, gzip.Header{Name: "list.json", Comment: "c", Extra: []byte{1, 2, 3}})
	got, err := io.ReadAll(&gzipBody{raw: io.NopCloser(bytes.NewReader(data))})
	if err != nil || string(got) != body {
		t.Fatalf("got %d bytes, err %v", len(got), err)
	}
}

func TestGzipBodyFailsOnATruncatedOrAlteredStream(t *testing.T) {
	data := gzipped(t, strings.Repeat(`{"metadata":{"name":"x"}},`, 5000), gzip.Header{})
	cases := map[string][]byte{
		"cut in the deflate stream": data[:len(data)/2],
		"cut in the trailer":        data[:len(data)-3],
		"wrong length in trailer":   append(append([]byte{}, data[:len(data)-4]...), 0, 0, 0, 0),
		"not gzip":                  []byte("plain text, no magic"),
	}
	for name, d := range cases {
		if _, err := io.ReadAll(&gzipBody{raw: io.NopCloser(bytes.NewReader(d))}); err == nil {
			t.Errorf("%s: read without an error", name)
		}
	}
}

func TestGzipBodyWriteToMatchesRead(t *testing.T) {
	body := strings.Repeat(`{"metadata":{"name":"x"}},`, 20000)
	data := gzipped(t, body, gzip.Header{})
	var out bytes.Buffer
	n, err := (&gzipBody{raw: io.NopCloser(bytes.NewReader(data))}).WriteTo(&out)
	if err != nil || n != int64(len(body)) || out.String() != body {
		t.Fatalf("WriteTo: %d bytes, err %v", n, err)
	}
	if _, err := (&gzipBody{raw: io.NopCloser(bytes.NewReader(data[:len(data)-3]))}).WriteTo(io.Discard); err == nil {
		t.Fatal("WriteTo of a cut stream: no error")
	}
}

func TestGzipBodiesReuseTheirInflatersSafely(t *testing.T) {
	for i := 0; i < 5; i++ {
		body := strings.Repeat(fmt.Sprintf(`{"metadata":{"name":"x%d"}},`, i), 3000+i)
		b := &gzipBody{raw: io.NopCloser(bytes.NewReader(gzipped(t, body, gzip.Header{})))}
		got, err := io.ReadAll(b)
		if err != nil || string(got) != body {
			t.Fatalf("body %d: %d bytes, err %v", i, len(got), err)
		}
		_ = b.Close()
		if _, err := b.Read(make([]byte, 10)); err == nil {
			t.Fatalf("body %d: read after close succeeded", i)
		}
	}
}

func TestGzipBodyClosedWhileAnotherGoroutineReads(t *testing.T) {
	pr, pw := io.Pipe()
	b := &gzipBody{raw: pr}
	done := make(chan error)
	go func() {
		_, err := io.Copy(io.Discard, b)
		done <- err
	}()
	zw := gzip.NewWriter(pw)
	_, _ = zw.Write([]byte(strings.Repeat("x", 100000)))
	_ = zw.Flush()
	_ = b.Close() // as a watch is stopped: the reader fails, nothing it still uses is handed on
	_ = pw.CloseWithError(io.ErrClosedPipe)
	if err := <-done; err == nil {
		t.Fatal("the reader of a closed body ended without an error")
	}
}
