package main

import "testing"

func TestPlanProcsIsOneOnlyForPlansThatReadWithoutDecoding(t *testing.T) {
	noEnv := func(string) string { return "" }
	lean := &Plan{Scenarios: []Scenario{{ListStorm: &ListStormScenario{}}, {Churn: &ChurnScenario{}}}}
	if got := planProcs(lean, noEnv); got != 1 {
		t.Errorf("lean LISTs and churn: %d, want 1", got)
	}
	for name, p := range map[string]*Plan{
		"decoded LISTs": {Scenarios: []Scenario{{ListStorm: &ListStormScenario{Decode: true}}}},
		"informers":     {Scenarios: []Scenario{{ListStorm: &ListStormScenario{}}, {Informers: &InformersScenario{}}}},
		"reconnects":    {Scenarios: []Scenario{{ReconnectStorm: &ReconnectStormScenario{}}}},
	} {
		if got := planProcs(p, noEnv); got != 0 {
			t.Errorf("%s: %d, want 0 (the runtime's choice)", name, got)
		}
	}
	userSet := func(k string) string {
		if k == "GOMAXPROCS" {
			return "2"
		}
		return ""
	}
	if got := planProcs(lean, userSet); got != 0 {
		t.Errorf("GOMAXPROCS in the environment: %d, want 0 (the user's value stands)", got)
	}
}
