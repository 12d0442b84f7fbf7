package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
)

// listClient is one HTTP client (client-go's transport: TLS, HTTP/2, auth) for lean LISTs.
type listClient struct {
	conn Connection
	http *http.Client
}

func newListClient(c Connection) (*listClient, error) {
	hc, err := rest.HTTPClientFor(c.restConfig(nil))
	if err != nil {
		return nil, fmt.Errorf("client for %s: %w", c.URL, err)
	}
	return &listClient{conn: c, http: hc}, nil
}

type listResult struct {
	status          int
	duration, ttfb  time.Duration
	bytes, objects  int64
	resourceVersion string
	continueToken   string
	contentType     string
	err             string
}

func listURL(o ListOptions) string {
	path := "/api/v1/" + o.Resource
	if o.Namespace != "" {
		path = "/api/v1/namespaces/" + url.PathEscape(o.Namespace) + "/" + o.Resource
	}
	q := url.Values{}
	if o.ResourceVersion != nil {
		q.Set("resourceVersion", *o.ResourceVersion)
	}
	if o.Limit > 0 {
		q.Set("limit", strconv.FormatInt(o.Limit, 10))
	}
	if o.Continue != "" {
		q.Set("continue", o.Continue)
	}
	u := strings.TrimRight(o.Connection.URL, "/") + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// leanList sends one LIST and reads the body as it arrives: discarded and counted (items included) or,
// with Decode, decoded into typed objects as client-go does.
func leanList(ctx context.Context, c *listClient, o ListOptions) listResult {
	res := listResult{ttfb: -1, objects: -1}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, time.Duration(o.TimeoutMs)*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, listURL(o), nil)
	if err != nil {
		res.err = err.Error()
		return res
	}
	req.Header.Set("Accept", c.conn.mediaType())
	resp, err := c.http.Do(req)
	if err != nil {
		res.duration, res.err = time.Since(start), err.Error()
		return res
	}
	defer resp.Body.Close()
	res.ttfb, res.status = time.Since(start), resp.StatusCode
	res.contentType = resp.Header.Get("Content-Type")
	body := &countingReader{r: resp.Body}
	switch {
	case resp.StatusCode != http.StatusOK:
		msg, _ := io.ReadAll(io.LimitReader(body, 64<<10))
		res.err = statusMessage(resp.StatusCode, msg, c.conn)
	case o.Decode:
		res.objects, res.resourceVersion, res.continueToken, err = decodeList(body, res.contentType)
	case strings.HasPrefix(res.contentType, mediaProtobuf):
		res.objects, res.resourceVersion, res.continueToken, err = scanProtobufList(bufio.NewReaderSize(body, 256<<10))
	case strings.HasPrefix(res.contentType, mediaCBOR):
		res.objects, res.resourceVersion, res.continueToken, err = scanCBORList(body)
	default:
		res.objects, res.resourceVersion, res.continueToken, err = scanJSONList(body)
	}
	if err != nil && res.err == "" {
		res.err = err.Error()
	}
	_, _ = io.Copy(io.Discard, body)
	res.bytes, res.duration = body.n, time.Since(start)
	return res
}

func statusMessage(code int, body []byte, c Connection) string {
	msg := string(body)
	if m := regexp.MustCompile(`"message":"((?:[^"\\]|\\.)*)"`).FindSubmatch(body); m != nil {
		msg = string(m[1])
	}
	if len(msg) > 150 {
		msg = msg[:150]
	}
	if code == http.StatusNotAcceptable || code == http.StatusUnsupportedMediaType {
		return fmt.Sprintf("HTTP %d: the target refused content type %s: %s", code, c.mediaType(), msg)
	}
	return fmt.Sprintf("HTTP %d: %s", code, msg)
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// WriteTo lets io.Copy reach the body's own WriteTo (the inflater's, which writes from its window, one copy less).
func (c *countingReader) WriteTo(w io.Writer) (int64, error) {
	n, err := io.Copy(w, c.r)
	c.n += n
	return n, err
}

func decodeList(r io.Reader, contentType string) (int64, string, string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return -1, "", "", err
	}
	mediaType := strings.TrimSpace(strings.Split(contentType, ";")[0])
	if mediaType == mediaCBOR {
		return decodeCBORList(data)
	}
	info, ok := runtime.SerializerInfoForMediaType(scheme.Codecs.SupportedMediaTypes(), mediaType)
	if !ok {
		return -1, "", "", fmt.Errorf("cannot decode content type %q", contentType)
	}
	obj, _, err := scheme.Codecs.UniversalDeserializer().Decode(data, nil, nil)
	if err != nil {
		return -1, "", "", fmt.Errorf("decoding %s list: %w", info.MediaType, err)
	}
	n := meta.LenList(obj)
	lm, err := meta.ListAccessor(obj)
	if err != nil {
		return int64(n), "", "", nil
	}
	return int64(n), lm.GetResourceVersion(), lm.GetContinue(), nil
}

// itemStart is how every item of a core/v1 list begins in kube-apiserver's JSON: items carry no kind, and
// metadata is their first field. Inside a JSON string a quote is escaped, so the sequence cannot occur there.
var itemStart = []byte(`{"metadata":`)

var (
	headRV       = regexp.MustCompile(`"resourceVersion":"([^"]*)"`)
	headContinue = regexp.MustCompile(`"continue":"([^"]*)"`)
)

// jsonListCounter counts a JSON list's items as its bytes are written to it, without decoding them, and keeps
// the list's head (its metadata comes before its items). A Writer, so an inflater can hand it its window directly.
type jsonListCounter struct {
	items int64
	head  []byte
	// tail holds the last bytes written (shorter than a match), so a match split across writes is seen once.
	tail [16]byte
	nt   int
}

func (c *jsonListCounter) Write(p []byte) (int, error) {
	if len(c.head) < 4096 {
		c.head = append(c.head, p[:min(len(p), 4096-len(c.head))]...)
	}
	// The tail and p's first keep bytes are each shorter than a match: what matches across them spans the boundary.
	keep := len(itemStart) - 1
	var joint [32]byte
	n := copy(joint[:], c.tail[:c.nt])
	n += copy(joint[n:], p[:min(len(p), keep)])
	c.items += int64(bytes.Count(joint[:n], itemStart)) + int64(bytes.Count(p, itemStart))
	if len(p) >= keep {
		c.nt = copy(c.tail[:], p[len(p)-keep:])
	} else { // joint holds the old tail and all of p
		c.nt = copy(c.tail[:], joint[max(0, n-keep):n])
	}
	return len(p), nil
}

func (c *jsonListCounter) result() (int64, string, string) {
	meta := c.head
	if i := bytes.Index(meta, []byte(`"items":`)); i >= 0 {
		meta = meta[:i]
	}
	var rv, cont string
	if m := headRV.FindSubmatch(meta); m != nil {
		rv = string(m[1])
	}
	if m := headContinue.FindSubmatch(meta); m != nil {
		cont = string(m[1])
	}
	return c.items, rv, cont
}

// scanJSONList counts a JSON list's items without decoding it.
func scanJSONList(r io.Reader) (int64, string, string, error) {
	var c jsonListCounter
	_, err := io.Copy(&c, r)
	items, rv, cont := c.result()
	return items, rv, cont, err
}
