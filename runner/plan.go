package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
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
	// ExpectedListBytes is the size of one full LIST, from the seed; the memory estimate (budget.go) reads it.
	ExpectedListBytes int64 `json:"expectedListBytes"`
	SyncTimeoutMs     int64 `json:"syncTimeoutMs"`
}

// planForK6 are the plan's fields that steer k6's JS client. ksb writes one plan for both engines (and keeps it
// with the run), so the runner accepts them and reads nothing from them (docs/engines.md, "The plan").
type planForK6 struct {
	InformersPerVU     json.RawMessage `json:"informersPerVU"`
	ReadBodyLimitBytes json.RawMessage `json:"readBodyLimitBytes"`
}

// The scenario kinds of src/plan/plan.ts.
const (
	kindInformers      = "informers"
	kindReconnectStorm = "reconnect-storm"
	kindListStorm      = "list-storm"
	kindChurn          = "churn"
)

// Scenario is one of the kinds src/plan/plan.ts defines: exactly one of its fields is set.
type Scenario struct {
	Informers      *InformersScenario
	ReconnectStorm *ReconnectStormScenario
	ListStorm      *ListStormScenario
	Churn          *ChurnScenario
}

// ScenarioCommon is what every kind of scenario has.
type ScenarioCommon struct {
	Name         string `json:"name"`
	Resource     string `json:"resource"`
	Namespace    string `json:"namespace"` // "" for all namespaces
	StartAfterMs int64  `json:"startAfterMs"`
}

// InformerSet is what informers and reconnect storms share: Count informers whose clients Client describes.
type InformerSet struct {
	ScenarioCommon
	Count  int        `json:"count"`
	HoldMs int64      `json:"holdMs"`
	Client ClientSpec `json:"client"`
}

// InformersScenario opens informers, all at once or on an arrival profile, and holds them after they sync.
type InformersScenario struct {
	InformerSet
	SyncTimeoutMs int64   `json:"syncTimeoutMs"`
	Stages        []Stage `json:"stages,omitempty"`
}

// ReconnectStormScenario drops every informer's watch at once, Drops times, DropAfterMs apart.
type ReconnectStormScenario struct {
	InformerSet
	DropAfterMs int64  `json:"dropAfterMs"`
	Drops       int    `json:"drops"`
	Trigger     string `json:"trigger"` // client: the informers drop; target-restart: the harness restarts the apiserver
}

// ListStormScenario is Concurrency workers that each LIST Repeats times.
type ListStormScenario struct {
	ScenarioCommon
	Concurrency int    `json:"concurrency"`
	Repeats     int    `json:"repeats"`
	Mode        string `json:"mode"`
	PageSize    int64  `json:"pageSize"`
	Accept      string `json:"accept"`
	Client      string `json:"client"` // a client kind, as ClientSpec.Kind
	Decode      bool   `json:"decode"`
	Compression bool   `json:"compression"`
}

// ChurnScenario PATCHes the seeded objects at RatePerSecond for DurationMs.
type ChurnScenario struct {
	ScenarioCommon
	RatePerSecond float64 `json:"ratePerSecond"`
	DurationMs    int64   `json:"durationMs"`
	Objects       int     `json:"objects"`
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

// informerSetForK6 is, like planForK6, what only k6's JS client reads: the resourceVersion of a legacy informer's
// first LIST (client-go's reflector chooses its own).
type informerSetForK6 struct {
	ListResourceVersion json.RawMessage `json:"listResourceVersion"`
}

// UnmarshalJSON reads the kind, then the scenario as that kind's type, refusing fields the kind does not have.
func (s *Scenario) UnmarshalJSON(data []byte) error {
	var head struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return err
	}
	var body any
	switch head.Kind {
	case kindInformers:
		s.Informers = &InformersScenario{}
		body = &struct {
			Kind string `json:"kind"`
			*InformersScenario
			informerSetForK6
		}{InformersScenario: s.Informers}
	case kindReconnectStorm:
		s.ReconnectStorm = &ReconnectStormScenario{}
		body = &struct {
			Kind string `json:"kind"`
			*ReconnectStormScenario
			informerSetForK6
		}{ReconnectStormScenario: s.ReconnectStorm}
	case kindListStorm:
		s.ListStorm = &ListStormScenario{}
		body = &struct {
			Kind string `json:"kind"`
			*ListStormScenario
		}{ListStormScenario: s.ListStorm}
	case kindChurn:
		s.Churn = &ChurnScenario{}
		body = &struct {
			Kind string `json:"kind"`
			*ChurnScenario
		}{ChurnScenario: s.Churn}
	default:
		return fieldErr("kind", `expected %s, %s, %s or %s, got "%s"`, kindInformers, kindReconnectStorm, kindListStorm, kindChurn, head.Kind)
	}
	return decodeStrict(data, body)
}

// Common is the part every kind has; nil for a scenario of no kind.
func (s *Scenario) Common() *ScenarioCommon {
	switch {
	case s.Informers != nil:
		return &s.Informers.ScenarioCommon
	case s.ReconnectStorm != nil:
		return &s.ReconnectStorm.ScenarioCommon
	case s.ListStorm != nil:
		return &s.ListStorm.ScenarioCommon
	case s.Churn != nil:
		return &s.Churn.ScenarioCommon
	}
	return nil
}

// informerSet is the informers of an informers or reconnect-storm scenario; nil for the other kinds.
func (s *Scenario) informerSet() *InformerSet {
	switch {
	case s.Informers != nil:
		return &s.Informers.InformerSet
	case s.ReconnectStorm != nil:
		return &s.ReconnectStorm.InformerSet
	}
	return nil
}

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// readPlan decodes and validates a plan; its errors name the field, as `scenarios[1].count: …`.
func readPlan(r io.Reader) (*Plan, error) {
	var wire struct {
		Plan
		Scenarios []json.RawMessage `json:"scenarios"`
		planForK6
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&wire); err != nil {
		return nil, decodeErr("", err)
	}
	p := wire.Plan
	p.Scenarios = make([]Scenario, len(wire.Scenarios))
	for i, raw := range wire.Scenarios {
		if err := p.Scenarios[i].UnmarshalJSON(raw); err != nil {
			return nil, decodeErr(fmt.Sprintf("scenarios[%d]", i), err)
		}
	}
	return &p, p.Validate()
}

// decodeErr names the field of a JSON error under path ("" at the top of the plan).
func decodeErr(path string, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("%s: expected %s, got JSON %s", joinPath(path, jsonPath(te.Field)), te.Type, te.Value)
	}
	if msg, ok := strings.CutPrefix(err.Error(), "json: "); ok {
		if path != "" {
			msg = path + ": " + msg
		}
		return fmt.Errorf("not a plan: %s", msg)
	}
	return within(path, err)
}

// within prefixes an error that starts with its field by the path of what holds that field.
func within(path string, err error) error {
	if err == nil || path == "" {
		return err
	}
	return fmt.Errorf("%s.%w", path, err)
}

// jsonPath drops the Go names of embedded structs (InformersScenario.InformerSet.count) from a decoder's field
// path; the plan's own field names are lower camel case.
func jsonPath(field string) string {
	var keep []string
	for _, part := range strings.Split(field, ".") {
		if part != "" && !unicode.IsUpper(rune(part[0])) {
			keep = append(keep, part)
		}
	}
	return strings.Join(keep, ".")
}

func joinPath(path, field string) string {
	switch {
	case path == "":
		return field
	case field == "":
		return path
	}
	return path + "." + field
}
