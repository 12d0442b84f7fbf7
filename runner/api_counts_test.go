package main

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

type scripted struct {
	status map[string]int
	err    map[string]error
}

func (s scripted) RoundTrip(req *http.Request) (*http.Response, error) {
	key := req.URL.RawQuery
	if e := s.err[key]; e != nil {
		return nil, e
	}
	code := s.status[key]
	if code == 0 {
		code = 200
	}
	return &http.Response{StatusCode: code, Body: io.NopCloser(strings.NewReader("{}"))}, nil
}

func get(t *testing.T, rt http.RoundTripper, query string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "https://127.0.0.1/api/v1/namespaces/ksb/secrets?"+query, nil)
	resp, err := rt.RoundTrip(req)
	if err == nil {
		_, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
}

func TestAPICountsOnTheWire(t *testing.T) {
	wireCounts = &apiCounts{}
	fail := scripted{
		status: map[string]int{"allowWatchBookmarks=true&resourceVersion=9&watch=true": 410, "limit=500&resourceVersion=": 429},
		err:    map[string]error{"resourceVersion=5&watch=true": errors.New("read tcp: connection reset by peer")},
	}
	informer := countAPI(fail)
	get(t, informer, "limit=500&resourceVersion=0")                           // initial LIST
	get(t, informer, "allowWatchBookmarks=true&resourceVersion=9&watch=true") // 410
	get(t, informer, "limit=500&resourceVersion=")                            // relist, 429
	get(t, informer, "resourceVersion=5&watch=true")                          // reset
	streaming := countAPI(scripted{status: map[string]int{"sendInitialEvents=true&watch=true": 403}})
	get(t, streaming, "sendInitialEvents=true&watch=true") // WatchList refused
	get(t, streaming, "limit=500&resourceVersion=0")       // falls back to LIST
	lister := countAPI(scripted{})
	get(t, lister, "limit=500")
	get(t, lister, "limit=500") // a list-storm's repeated LIST is no relist: it never watches

	got := wireCounts.snapshot()
	want := map[string]int64{"lists": 5, "watches": 3, "relists": 1, "gone_410": 1, "too_many_requests_429": 1, "watchlist_fallbacks": 1, "connection_resets": 1}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
}
