package main

import (
	"fmt"
	"strings"
)

// Each type of the plan checks its own fields; an error starts with the path of its field, as
// `scenarios[2].client.contentType: …`, each holder prefixing its own part (within).

// fieldErr is an error whose text starts with the field it is about, so callers can prefix the path.
func fieldErr(field, format string, a ...any) error {
	return fmt.Errorf("%s: "+format, append([]any{field}, a...)...)
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

// Validate checks the plan and each scenario; an error starts with the path of its field.
func (p *Plan) Validate() error {
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
		if err := s.Validate(); err != nil {
			return within(fmt.Sprintf("scenarios[%d]", i), err)
		}
		name := s.Common().Name
		if names[name] {
			return fmt.Errorf(`scenarios[%d].name: "%s" is used twice`, i, name)
		}
		names[name] = true
	}
	return nil
}

// Validate checks the one kind that is set.
func (s *Scenario) Validate() error {
	switch {
	case s.Informers != nil:
		return s.Informers.Validate()
	case s.ReconnectStorm != nil:
		return s.ReconnectStorm.Validate()
	case s.ListStorm != nil:
		return s.ListStorm.Validate()
	case s.Churn != nil:
		return s.Churn.Validate()
	}
	return fieldErr("kind", "expected a scenario of one kind")
}

func (c *ScenarioCommon) Validate() error {
	if c.Name == "" {
		return fieldErr("name", "expected a scenario name")
	}
	if !oneOf(c.Resource, resourceList...) {
		return fieldErr("resource", "expected one of %s, got \"%s\"", strings.Join(resourceList, ", "), c.Resource)
	}
	if c.StartAfterMs < 0 {
		return fieldErr("startAfterMs", "expected >= 0, got %d", c.StartAfterMs)
	}
	return nil
}

func (s *InformerSet) Validate() error {
	if err := s.ScenarioCommon.Validate(); err != nil {
		return err
	}
	if s.Count < 1 {
		return fieldErr("count", "expected a positive integer, got %d", s.Count)
	}
	if s.HoldMs < 0 {
		return fieldErr("holdMs", "expected >= 0, got %d", s.HoldMs)
	}
	return within("client", s.Client.Validate())
}

func (s *InformersScenario) Validate() error {
	if err := s.InformerSet.Validate(); err != nil {
		return err
	}
	if s.SyncTimeoutMs <= 0 {
		return fieldErr("syncTimeoutMs", "expected a positive number of ms, got %d", s.SyncTimeoutMs)
	}
	for i, st := range s.Stages {
		if st.DurationMs < 0 || st.Target < 0 {
			return fieldErr(fmt.Sprintf("stages[%d]", i), "expected durationMs >= 0 and target >= 0, got %v and %d", st.DurationMs, st.Target)
		}
	}
	return nil
}

func (s *ReconnectStormScenario) Validate() error {
	if err := s.InformerSet.Validate(); err != nil {
		return err
	}
	if s.Drops < 0 || (s.Drops > 0 && s.DropAfterMs <= 0) {
		return fieldErr("drops", "expected drops >= 0 and dropAfterMs > 0, got %d and %d", s.Drops, s.DropAfterMs)
	}
	if !oneOf(s.Trigger, "client", "target-restart") {
		return fieldErr("trigger", `expected client or target-restart, got "%s"`, s.Trigger)
	}
	return nil
}

func (s *ListStormScenario) Validate() error {
	if err := s.ScenarioCommon.Validate(); err != nil {
		return err
	}
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
	return validateClientKind("client", s.Client)
}

func (s *ChurnScenario) Validate() error {
	if err := s.ScenarioCommon.Validate(); err != nil {
		return err
	}
	if s.RatePerSecond <= 0 || s.DurationMs <= 0 || s.Objects < 1 {
		return fieldErr("ratePerSecond", "expected ratePerSecond > 0, durationMs > 0 and objects >= 1, got %v, %d, %d", s.RatePerSecond, s.DurationMs, s.Objects)
	}
	return nil
}

func (c *ClientSpec) Validate() error {
	if err := validateClientKind("kind", c.Kind); err != nil {
		return err
	}
	if !oneOf(c.ContentType, contentJSON, contentProtobuf, contentDefault, contentCBOR) {
		return fieldErr("contentType", `expected json, protobuf, cbor or default, got "%s"`, c.ContentType)
	}
	return nil
}

// clientGo is the only client kind the runner runs; "js" is k6's.
const clientGo = "client-go"

func validateClientKind(field, kind string) error {
	if kind != clientGo {
		return fieldErr(field, `"%s" is k6's JavaScript client: run it with --engine k6 (your own k6), or use client=client-go`, kind)
	}
	return nil
}
