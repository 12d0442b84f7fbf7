package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"k8s.io/client-go/rest"
)

// Content types a client can speak; "default" leaves client-go's own choice (JSON in client-go v0.33).
const (
	contentJSON     = "json"
	contentProtobuf = "protobuf"
	contentDefault  = "default"
	contentCBOR     = "cbor"

	mediaJSON     = "application/json"
	mediaProtobuf = "application/vnd.kubernetes.protobuf"
	mediaCBOR     = "application/cbor"
)

// Connection says where the apiserver is and how to authenticate. Credentials stay in memory, never in output.
type Connection struct {
	URL                   string
	Token                 string
	InsecureSkipTLSVerify bool
	ClientCertPEM         string
	ClientKeyPEM          string
	// CAPEM verifies the server's certificate (empty: the system's roots).
	CAPEM string
	// ContentType is json, protobuf (asked for alone, so a target that cannot serve it fails visibly) or default.
	ContentType string
	// HTTP1 forces HTTP/1.1 (chunked watches); otherwise TLS targets negotiate HTTP/2 as client-go does.
	HTTP1 bool
	// Compression false stops asking for gzip; by default client-go's transport asks for it, and kube-apiserver
	// compresses large responses (APIResponseCompression), as it does for controllers.
	Compression *bool
}

func (c *Connection) validate() error {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return fmt.Errorf(`connection.url must be the apiserver's base URL like https://127.0.0.1:6443, got "%s"`, c.URL)
	}
	switch c.ContentType {
	case "":
		c.ContentType = contentJSON
	case contentJSON, contentProtobuf, contentDefault, contentCBOR:
	default:
		return fmt.Errorf(`connection.contentType must be one of json, protobuf, cbor, default; got "%s"`, c.ContentType)
	}
	if c.Compression == nil {
		on := true
		c.Compression = &on
	}
	if (c.ClientCertPEM == "") != (c.ClientKeyPEM == "") {
		return fmt.Errorf("connection.clientCertPem and connection.clientKeyPem go together")
	}
	return nil
}

// cacheKey identifies a connection's settings, so a VU reuses one LIST client per connection.
func (c Connection) cacheKey() string {
	compression := c.Compression == nil || *c.Compression
	c.Compression = nil // a pointer: compared by its value above, not its address
	return fmt.Sprintf("%#v|%t", c, compression)
}

// mediaType is what the client sends as Content-Type and asks for in Accept.
func (c Connection) mediaType() string {
	switch c.ContentType {
	case contentProtobuf:
		return mediaProtobuf
	case contentCBOR:
		return mediaCBOR
	}
	return mediaJSON
}

// restConfig builds a client-go config. Each call yields a config whose transport is not shared with any
// other (client-go caches transports by TLS settings; a Proxy func opts out), so N informers are N
// connections, as N controllers would be.
func (c Connection) restConfig(wrap func(http.RoundTripper) http.RoundTripper) *rest.Config {
	cfg := &rest.Config{
		Host:        strings.TrimRight(c.URL, "/"),
		BearerToken: c.Token,
		TLSClientConfig: rest.TLSClientConfig{
			Insecure: c.InsecureSkipTLSVerify,
			CertData: []byte(c.ClientCertPEM),
			KeyData:  []byte(c.ClientKeyPEM),
			CAData:   []byte(c.CAPEM),
		},
		UserAgent: "kube-stream-bench/ksb-runner " + runnerVersion + " (client-go " + clientGoVersion + ")",
		// Loopback targets only: no proxy from the environment; the func also makes the transport unshared.
		Proxy: func(*http.Request) (*url.URL, error) { return nil, nil },
		// Controllers raise client-go's default 5 QPS; a benchmark client must not be throttled by it.
		QPS:                1000,
		Burst:              1000,
		WrapTransport:      c.wrapTransport(wrap),
		DisableCompression: c.Compression != nil && !*c.Compression,
	}
	if len(cfg.TLSClientConfig.CAData) == 0 {
		cfg.TLSClientConfig.CAData = nil
	}
	if len(cfg.TLSClientConfig.CertData) == 0 {
		cfg.TLSClientConfig.CertData, cfg.TLSClientConfig.KeyData = nil, nil
	}
	if c.HTTP1 {
		cfg.TLSClientConfig.NextProtos = []string{"http/1.1"}
	}
	switch c.ContentType {
	case contentJSON:
		cfg.ContentType, cfg.AcceptContentTypes = mediaJSON, mediaJSON
	case contentProtobuf:
		cfg.ContentType, cfg.AcceptContentTypes = mediaProtobuf, mediaProtobuf
	case contentCBOR:
		// client-go speaks CBOR only with its ClientsAllowCBOR gate on (gates.go turns it on for CBOR plans).
		cfg.ContentType, cfg.AcceptContentTypes = mediaCBOR, mediaCBOR
	}
	return cfg
}

// wrapTransport puts the faster gzip inflater under `wrap` (so a counting wrapper sees inflated bytes, as before).
func (c Connection) wrapTransport(wrap func(http.RoundTripper) http.RoundTripper) func(http.RoundTripper) http.RoundTripper {
	compression := c.Compression == nil || *c.Compression
	return func(rt http.RoundTripper) http.RoundTripper {
		if compression {
			rt = withGunzip(rt)
		}
		if wrap != nil {
			rt = wrap(rt)
		}
		return countAPI(rt)
	}
}
