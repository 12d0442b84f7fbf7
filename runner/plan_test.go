package main

import (
	"strings"
	"testing"
)

const validPlan = `{"format":1,"workload":"w","variant":"streaming","clientMode":"watchlist","informersPerVU":25,
"readBodyLimitBytes":1,"expectedListBytes":1000,"syncTimeoutMs":1000,"scenarios":[
{"kind":"informers","name":"informers","count":4,"resource":"secrets","namespace":"ns","holdMs":0,"syncTimeoutMs":1000,
 "startAfterMs":0,"listResourceVersion":"0","client":{"kind":"client-go","contentType":"protobuf","http1":false,
 "compression":true,"shareClient":false,"keepObjects":true}},
{"kind":"list-storm","name":"lists","concurrency":2,"repeats":1,"resource":"configmaps","namespace":"ns","mode":"rv0",
 "pageSize":500,"accept":"json","startAfterMs":0,"client":"client-go","decode":false,"compression":true}]}`

func TestReadPlanAcceptsACompiledPlan(t *testing.T) {
	p, err := readPlan(strings.NewReader(validPlan))
	if err != nil {
		t.Fatal(err)
	}
	if p.Scenarios[0].Informers == nil || p.Scenarios[0].Informers.Client.ContentType != "protobuf" || p.Scenarios[1].ListStorm.Client != "client-go" {
		t.Fatalf("client fields not read: %+v", p.Scenarios)
	}
}

func TestReadPlanReadsEachKindAsItsOwnType(t *testing.T) {
	plan := strings.Replace(validPlan, `"scenarios":[`, `"scenarios":[
{"kind":"reconnect-storm","name":"storm","startAfterMs":0,"listResourceVersion":"0","trigger":"client","count":2,
 "resource":"secrets","namespace":"ns","dropAfterMs":500,"drops":2,"holdMs":3000,"client":{"kind":"client-go",
 "contentType":"json","http1":true,"compression":false,"shareClient":true,"keepObjects":false}},
{"kind":"churn","name":"churn","startAfterMs":200,"ratePerSecond":5,"durationMs":800,"resource":"secrets",
 "namespace":"ns","objects":40},`, 1)
	p, err := readPlan(strings.NewReader(plan))
	if err != nil {
		t.Fatal(err)
	}
	storm, churn := p.Scenarios[0].ReconnectStorm, p.Scenarios[1].Churn
	if storm == nil || churn == nil || p.Scenarios[2].Informers == nil || p.Scenarios[3].ListStorm == nil {
		t.Fatalf("kinds not read as their types: %+v", p.Scenarios)
	}
	if storm.Drops != 2 || storm.DropAfterMs != 500 || storm.Trigger != "client" || !storm.Client.HTTP1 || storm.Count != 2 {
		t.Errorf("reconnect storm: %+v", storm)
	}
	if churn.RatePerSecond != 5 || churn.Objects != 40 || p.Scenarios[1].Common().StartAfterMs != 200 {
		t.Errorf("churn: %+v", churn)
	}
	if p.Scenarios[0].Informers != nil || p.Scenarios[0].Churn != nil || p.Scenarios[0].ListStorm != nil {
		t.Errorf("a reconnect storm set another kind too: %+v", p.Scenarios[0])
	}
	if p.ExpectedListBytes != 1000 {
		t.Errorf("expectedListBytes (the memory estimate's) not read: %d", p.ExpectedListBytes)
	}
}

func TestReadPlanTakesCBOR(t *testing.T) {
	plan := strings.Replace(strings.Replace(validPlan, `"accept":"json"`, `"accept":"cbor"`, 1), `"contentType":"protobuf"`, `"contentType":"cbor"`, 1)
	p, err := readPlan(strings.NewReader(plan))
	if err != nil {
		t.Fatal(err)
	}
	if p.Scenarios[0].Informers.Client.ContentType != contentCBOR || p.Scenarios[1].ListStorm.Accept != contentCBOR {
		t.Fatalf("cbor not read: %+v %+v", p.Scenarios[0].Informers, p.Scenarios[1].ListStorm)
	}
}

func TestReadPlanNamesTheField(t *testing.T) {
	cases := []struct{ from, to, want string }{
		{`"format":1`, `"format":2`, "format: this runner reads plan format 1, got 2"},
		{`"count":4`, `"count":0`, "scenarios[0].count: expected a positive integer, got 0"},
		{`"count":4`, `"count":"4"`, "scenarios[0].count: expected int, got JSON string"},
		{`"mode":"rv0"`, `"mode":"fast"`, `scenarios[1].mode: expected rv0, consistent or paginated, got "fast"`},
		{`"client":"client-go"`, `"client":"js"`, `scenarios[1].client: "js" is k6's JavaScript client`},
		{`"kind":"client-go","contentType"`, `"kind":"js","contentType"`, `scenarios[0].client.kind: "js" is k6's JavaScript client`},
		{`"resource":"secrets"`, `"resource":"widgets"`, `scenarios[0].resource: expected one of secrets`},
		{`"clientMode":"watchlist"`, `"clientMode":"auto"`, `clientMode: expected "list-watch" or "watchlist"`},
		{`"holdMs":0,`, `"holdMs":0,"bogus":1,`, `unknown field "bogus"`},
		{`"accept":"json"`, `"accept":"yaml"`, `scenarios[1].accept: expected json, protobuf or cbor, got "yaml"`},
		{`"kind":"list-storm"`, `"kind":"list-flood"`, `scenarios[1].kind: expected informers, reconnect-storm, list-storm or churn, got "list-flood"`},
		{`"contentType":"protobuf"`, `"contentType":"yaml"`, `scenarios[0].client.contentType: expected json, protobuf, cbor or default`},
		{`"contentType":"protobuf"`, `"contentType":3`, `scenarios[0].client.contentType: expected string, got JSON number`},
		// a field of another kind is not one of this kind's
		{`"holdMs":0,`, `"holdMs":0,"drops":2,`, `not a plan: scenarios[0]: unknown field "drops"`},
		{`"decode":false`, `"decode":false,"listResourceVersion":"0"`, `scenarios[1]: unknown field "listResourceVersion"`},
	}
	for _, c := range cases {
		_, err := readPlan(strings.NewReader(strings.Replace(validPlan, c.from, c.to, 1)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s -> %s: got %v, want it to contain %q", c.from, c.to, err, c.want)
		}
	}
}

func TestSegmentsCoverTheWholeOnce(t *testing.T) {
	for _, total := range []int{0, 1, 2, 7, 10, 1000} {
		for n := 1; n <= 5; n++ {
			next := 0
			for i := 0; i < n; i++ {
				first, end := segment{i, n}.span(total)
				if first != next || end < first {
					t.Fatalf("total %d, %d/%d: span [%d,%d) after %d", total, i, n, first, end, next)
				}
				next = end
			}
			if next != total {
				t.Fatalf("total %d in %d segments covers %d", total, n, next)
			}
		}
	}
	if _, err := parseSegment("3/3"); err == nil {
		t.Fatal("3/3 accepted")
	}
	if s, err := parseSegment("1/3"); err != nil || s != (segment{1, 3}) {
		t.Fatalf("1/3: %v %v", s, err)
	}
}

func TestArrivalTimesMatchTheHarness(t *testing.T) {
	// src/plan/stages.ts: reach 4 over 1000 ms, then 8 at once after a 500 ms hold.
	stages := []Stage{{DurationMs: 1000, Target: 4}, {DurationMs: 500, Target: 4}, {DurationMs: 0, Target: 8}}
	want := []float64{250, 500, 750, 1000, 1500, 1500}
	for i, w := range want {
		if got := arrivalTime(i, stages); got != msDuration(w) {
			t.Errorf("informer %d arrives at %v, want %v ms", i, got, w)
		}
	}
}

func TestBudgetRefusesWhatCannotBeHeld(t *testing.T) {
	p, _ := readPlan(strings.NewReader(strings.Replace(validPlan, `"expectedListBytes":1000`, `"expectedListBytes":26214400`, 1)))
	p.Scenarios[0].Informers.Count = 1024
	need := estimateBytes(p, wholeRun)
	if need < 1024*26214400 {
		t.Fatalf("1024 informers keeping 25 MiB each estimated at %s", formatBytes(need))
	}
	half, _ := estimateBytes(p, segment{0, 2}), 0
	if half >= need {
		t.Fatalf("half the informers need no less: %d vs %d", half, need)
	}
	if b, err := parseBytes("1.5GiB"); err != nil || b != 3<<29 {
		t.Fatalf("1.5GiB -> %d %v", b, err)
	}
	if _, err := parseBytes("lots"); err == nil || !strings.Contains(err.Error(), "--memory-budget") {
		t.Fatalf("bad size: %v", err)
	}
}
