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

// scanJSONList counts a JSON list's items without decoding it; the list's metadata comes before its items.
func scanJSONList(r io.Reader) (int64, string, string, error) {
	buf := make([]byte, 256<<10)
	keep := len(itemStart) - 1
	var head []byte
	var items int64
	carry := 0
	for {
		n, err := r.Read(buf[carry:])
		chunk := buf[:carry+n]
		if len(head) < 4096 {
			head = append(head, chunk[carry:min(len(chunk), carry+4096-len(head))]...)
		}
		items += int64(bytes.Count(chunk, itemStart))
		// Carry the tail that could begin a match split across reads (shorter than a match, so never counted twice).
		carry = copy(buf, chunk[max(0, len(chunk)-keep):])
		if err == io.EOF {
			break
		}
		if err != nil {
			return items, "", "", err
		}
	}
	meta := head
	if i := bytes.Index(head, []byte(`"items":`)); i >= 0 {
		meta = head[:i]
	}
	var rv, cont string
	if m := headRV.FindSubmatch(meta); m != nil {
		rv = string(m[1])
	}
	if m := headContinue.FindSubmatch(meta); m != nil {
		cont = string(m[1])
	}
	return items, rv, cont, nil
}
