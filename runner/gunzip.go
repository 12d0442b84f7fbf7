package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/flate"
)

// gunzipTransport asks for gzip itself and inflates with klauspost/compress, which costs about half the CPU of
// the standard library's inflater: kube-apiserver gzips every large LIST, so this is most of a lean LIST's
// client CPU. (net/http inflates only when it added Accept-Encoding itself; here the header is ours.)
type gunzipTransport struct{ next http.RoundTripper }

func withGunzip(next http.RoundTripper) http.RoundTripper { return &gunzipTransport{next: next} }

func (t *gunzipTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Accept-Encoding") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil || !strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		return resp, err
	}
	resp.Body = &gzipBody{raw: resp.Body}
	resp.Header.Del("Content-Encoding")
	resp.Header.Del("Content-Length")
	resp.ContentLength = -1
	resp.Uncompressed = true
	return resp, nil
}

// gzipBody inflates one gzip member (RFC 1952), opened on the first read so a body closed unread costs nothing.
// It checks the trailer's length but not its CRC-32: TLS already authenticates every byte, and on a lean LIST
// the checksum was an eighth of the runner's CPU. A stream cut short still fails: deflate knows its last block.
type gzipBody struct {
	raw  io.ReadCloser
	br   *bufio.Reader
	fr   io.ReadCloser
	size uint32
	err  error
	// finished is set by the reading goroutine when it is done with br and fr (the member ended or failed): a
	// watch is closed from another goroutine while it reads, so Close hands them on for reuse only after that.
	finished atomic.Bool
	closed   atomic.Bool
}

var errGzipHeader = errors.New("gzip: invalid header")

// A LIST storm opens hundreds of bodies: their buffers and inflaters (a window and tables each) are reused.
var (
	bufioPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 256<<10) }}
	flatePool sync.Pool
)

// open reads the member's header on first use.
func (b *gzipBody) open() error {
	if b.fr == nil && b.err == nil {
		b.br = bufioPool.Get().(*bufio.Reader)
		b.br.Reset(b.raw)
		if b.err = skipGzipHeader(b.br); b.err != nil {
			return b.err
		}
		if fr, ok := flatePool.Get().(io.ReadCloser); ok {
			b.err = fr.(flate.Resetter).Reset(b.br, nil)
			b.fr = fr
		} else {
			b.fr = flate.NewReader(b.br)
		}
	}
	return b.err
}

func (b *gzipBody) Read(p []byte) (int, error) {
	if b.finished.Load() {
		return 0, b.err
	}
	if err := b.open(); err != nil {
		b.finished.Store(true)
		return 0, err
	}
	n, err := b.fr.Read(p)
	b.size += uint32(n)
	if err == io.EOF {
		err = b.checkTrailer()
	}
	if err != nil {
		b.err = err
		b.finished.Store(true)
	}
	return n, err
}

// WriteTo inflates straight from the inflater's window into w (io.Copy's path), one copy fewer than Read.
func (b *gzipBody) WriteTo(w io.Writer) (int64, error) {
	if b.finished.Load() {
		if b.err == io.EOF {
			return 0, nil
		}
		return 0, b.err
	}
	var n int64
	err := b.open()
	if err == nil {
		n, err = b.fr.(io.WriterTo).WriteTo(w)
		b.size += uint32(n)
		if err == nil {
			err = b.checkTrailer()
		}
	}
	b.err = err
	b.finished.Store(true)
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// checkTrailer returns io.EOF when the trailer's length matches what was inflated.
func (b *gzipBody) checkTrailer() error {
	var trailer [8]byte
	if _, err := io.ReadFull(b.br, trailer[:]); err != nil {
		return fmt.Errorf("gzip: trailer: %w", io.ErrUnexpectedEOF)
	}
	if got := binary.LittleEndian.Uint32(trailer[4:]); got != b.size {
		return fmt.Errorf("gzip: inflated %d bytes (mod 2^32), the trailer says %d", b.size, got)
	}
	return io.EOF
}

func (b *gzipBody) Close() error {
	if b.closed.Swap(true) {
		return nil
	}
	if b.finished.Load() {
		if b.fr != nil {
			flatePool.Put(b.fr)
		}
		if b.br != nil {
			b.br.Reset(nil)
			bufioPool.Put(b.br)
		}
	}
	return b.raw.Close()
}

// skipGzipHeader reads a member's header: magic, method deflate, flags, then the optional fields flags name.
func skipGzipHeader(r *bufio.Reader) error {
	var h [10]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return errGzipHeader
	}
	if h[0] != 0x1f || h[1] != 0x8b || h[2] != 8 {
		return errGzipHeader
	}
	flags := h[3]
	if flags&0x04 != 0 { // FEXTRA
		var n [2]byte
		if _, err := io.ReadFull(r, n[:]); err != nil {
			return errGzipHeader
		}
		if _, err := r.Discard(int(binary.LittleEndian.Uint16(n[:]))); err != nil {
			return errGzipHeader
		}
	}
	for _, bit := range []byte{0x08, 0x10} { // FNAME, FCOMMENT: zero-terminated
		if flags&bit != 0 {
			if _, err := r.ReadBytes(0); err != nil {
				return errGzipHeader
			}
		}
	}
	if flags&0x02 != 0 { // FHCRC
		if _, err := r.Discard(2); err != nil {
			return errGzipHeader
		}
	}
	return nil
}
