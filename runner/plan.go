package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// planFormat is the plan format this runner reads (src/plan/plan.ts PLAN_FORMAT).
const planFormat = 1

// Plan is what `ksb compile` writes for one variant of a workload (src/plan/plan.ts).
type Plan struct {
	Format     int        `json:"format"`
	Workload   string     `json:"workload"`
	Variant    string     `json:"variant"`
	ClientMode string     `json:"clientMode"`
	Scenarios  []Scenario `json:"scenarios"`
	// InformersPerVU, ReadBodyLimitBytes and ExpectedListBytes steer k6's JS client; the runner reads and ignores them.
	InformersPerVU     int   `json:"informersPerVU"`
	ReadBodyLimitBytes int64 `json:"readBodyLimitBytes"`
	ExpectedListBytes  int64 `json:"expectedListBytes"`
	SyncTimeoutMs      int64 `json:"syncTimeoutMs"`
}

// ClientSpec is how an informer scenario's clients are built.
type ClientSpec struct {
	Kind        string `json:"kind"`
	ContentType string `json:"contentType"`
	HTTP1       bool   `json:"http1"`
	Compression bool   `json:"compression"`
	ShareClient bool   `json:"shareClient"`
	KeepObjects bool   `json:"keepObjects"`
}

// Stage of an arrival profile: reach Target informers over DurationMs.
type Stage struct {
	DurationMs float64 `json:"durationMs"`
	Target     int     `json:"target"`
}

// Scenario is one of the kinds src/plan/plan.ts defines; Kind says which fields apply.
type Scenario struct {
	Kind         string `json:"kind"`
	Name         string `json:"name"`
	Resource     string `json:"resource"`
	Namespace    string `json:"namespace"`
	StartAfterMs int64  `json:"startAfterMs"`
	// informers, reconnect-storm
	Count               int         `json:"count"`
	HoldMs              int64       `json:"holdMs"`
	SyncTimeoutMs       int64       `json:"syncTimeoutMs"`
	ListResourceVersion string      `json:"listResourceVersion"`
	Stages              []Stage     `json:"stages,omitempty"`
	Client              *ClientSpec `json:"-"`
	// reconnect-storm
	DropAfterMs int64  `json:"dropAfterMs"`
	Drops       int    `json:"drops"`
	Trigger     string `json:"trigger"`
	// list-storm (Client is a plain kind there: "client-go" or "js")
	Concurrency int    `json:"concurrency"`
	Repeats     int    `json:"repeats"`
	Mode        string `json:"mode"`
	PageSize    int64  `json:"pageSize"`
	Accept      string `json:"accept"`
	ListClient  string `json:"-"`
	Decode      bool   `json:"decode"`
	CompressOn  bool   `json:"compression"`
	// churn
	RatePerSecond float64 `json:"ratePerSecond"`
	DurationMs    int64   `json:"durationMs"`
	Objects       int     `json:"objects"`
}

// UnmarshalJSON reads "client", which is an object for informer scenarios and a string for list storms.
func (s *Scenario) UnmarshalJSON(data []byte) error {
	type plain Scenario
	var raw struct {
		plain
		Client json.RawMessage `json:"client"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	*s = Scenario(raw.plain)
	c := bytes.TrimSpace(raw.Client)
	switch {
	case len(c) == 0 || string(c) == "null":
	case c[0] == '"':
		return json.Unmarshal(c, &s.ListClient)
	default:
		s.Client = &ClientSpec{}
		d := json.NewDecoder(bytes.NewReader(c))
		d.DisallowUnknownFields()
		if err := d.Decode(s.Client); err != nil {
			return fmt.Errorf("client: %w", err)
		}
	}
	return nil
}

// readPlan decodes and validates a plan; its errors name the field, as `scenarios[1].count: …`.
func readPlan(r io.Reader) (*Plan, error) {
	var p Plan
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("%s: expected %s, got JSON %s", strings.ReplaceAll(te.Field, ".plain", ""), te.Type, te.Value)
		}
		return nil, fmt.Errorf("not a plan: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return &p, p.validate()
}

var resourceList = []string{"secrets", "configmaps", "pods", "services", "namespaces", "events"}

func oneOf(v string, choices ...string) bool {
	for _, c := range choices {
		if v == c {
			return true
		}
	}
	return false
}

func (p *Plan) validate() error {
	if p.Format != planFormat {
		return fmt.Errorf("format: this runner reads plan format %d, got %d (recompile the workload with the ksb that built this runner)", planFormat, p.Format)
	}
	if !oneOf(p.ClientMode, modeListWatch, modeWatchList) {
		return fmt.Errorf(`clientMode: expected "list-watch" or "watchlist", got "%s"`, p.ClientMode)
	}
	if p.SyncTimeoutMs <= 0 {
		return fmt.Errorf("syncTimeoutMs: expected a positive number of ms, got %d", p.SyncTimeoutMs)
	}
	if len(p.Scenarios) == 0 {
		return fmt.Errorf("scenarios: expected at least one scenario")
	}
	names := map[string]bool{}
	for i := range p.Scenarios {
		s := &p.Scenarios[i]
		if err := s.validate(); err != nil {
			return fmt.Errorf("scenarios[%d].%w", i, err)
		}
		if names[s.Name] {
			return fmt.Errorf(`scenarios[%d].name: "%s" is used twice`, i, s.Name)
		}
		names[s.Name] = true
	}
	return nil
}

// fieldErr is an error whose text starts with the field it is about, so callers can prefix the path.
func fieldErr(field, format string, a ...any) error {
	return fmt.Errorf("%s: "+format, append([]any{field}, a...)...)
}

func (s *Scenario) validate() error {
	if s.Name == "" {
		return fieldErr("name", "expected a scenario name")
	}
	if !oneOf(s.Resource, resourceList...) {
		return fieldErr("resource", "expected one of %s, got \"%s\"", strings.Join(resourceList, ", "), s.Resource)
	}
	if s.StartAfterMs < 0 {
		return fieldErr("startAfterMs", "expected >= 0, got %d", s.StartAfterMs)
	}
	switch s.Kind {
	case "informers", "reconnect-storm":
		return s.validateInformers()
	case "list-storm":
		if s.Concurrency < 1 || s.Repeats < 1 {
			return fieldErr("concurrency", "expected concurrency and repeats >= 1, got %d and %d", s.Concurrency, s.Repeats)
		}
		if !oneOf(s.Mode, "rv0", "consistent", "paginated") {
			return fieldErr("mode", `expected rv0, consistent or paginated, got "%s"`, s.Mode)
		}
		if s.Mode == "paginated" && s.PageSize < 1 {
			return fieldErr("pageSize", "expected >= 1 for a paginated list, got %d", s.PageSize)
		}
		if !oneOf(s.Accept, contentJSON, contentProtobuf, contentCBOR) {
			return fieldErr("accept", `expected json, protobuf or cbor, got "%s"`, s.Accept)
		}
		if s.ListClient != "client-go" {
			return fieldErr("client", `"%s" is k6's JavaScript client: run it with --engine k6 (your own k6), or use client=client-go`, s.ListClient)
		}
		return nil
	case "churn":
		if s.RatePerSecond <= 0 || s.DurationMs <= 0 || s.Objects < 1 {
			return fieldErr("ratePerSecond", "expected ratePerSecond > 0, durationMs > 0 and objects >= 1, got %v, %d, %d", s.RatePerSecond, s.DurationMs, s.Objects)
		}
		return nil
	default:
		return fieldErr("kind", `expected informers, reconnect-storm, list-storm or churn, got "%s"`, s.Kind)
	}
}

func (s *Scenario) validateInformers() error {
	if s.Count < 1 {
		return fieldErr("count", "expected a positive integer, got %d", s.Count)
	}
	if s.HoldMs < 0 {
		return fieldErr("holdMs", "expected >= 0, got %d", s.HoldMs)
	}
	if s.Client == nil {
		return fieldErr("client", "expected a client object")
	}
	if s.Client.Kind != "client-go" {
		return fieldErr("client.kind", `"%s" is k6's JavaScript client: run it with --engine k6 (your own k6), or use client=client-go`, s.Client.Kind)
	}
	if !oneOf(s.Client.ContentType, contentJSON, contentProtobuf, contentDefault, contentCBOR) {
		return fieldErr("client.contentType", `expected json, protobuf, cbor or default, got "%s"`, s.Client.ContentType)
	}
	if s.Kind == "informers" && s.SyncTimeoutMs <= 0 {
		return fieldErr("syncTimeoutMs", "expected a positive number of ms, got %d", s.SyncTimeoutMs)
	}
	if s.Kind == "reconnect-storm" {
		if s.Drops < 0 || (s.Drops > 0 && s.DropAfterMs <= 0) {
			return fieldErr("drops", "expected drops >= 0 and dropAfterMs > 0, got %d and %d", s.Drops, s.DropAfterMs)
		}
		if !oneOf(s.Trigger, "client", "target-restart") {
			return fieldErr("trigger", `expected client or target-restart, got "%s"`, s.Trigger)
		}
	}
	for i, st := range s.Stages {
		if st.DurationMs < 0 || st.Target < 0 {
			return fieldErr(fmt.Sprintf("stages[%d]", i), "expected durationMs >= 0 and target >= 0, got %v and %d", st.DurationMs, st.Target)
		}
	}
	return nil
}
