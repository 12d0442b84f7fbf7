// kind-config-check decodes kind cluster configs with kind's own v1alpha4 types, strictly (an unknown or
// misspelt field is an error), and the ClusterConfiguration patches ksb writes into them. Used by the tests,
// since no container engine is needed to check what `kind create cluster --config` would be given.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	"sigs.k8s.io/yaml"
)

// The part of kubeadm's ClusterConfiguration (v1beta3, as kind generates it) that ksb patches.
type clusterConfigurationPatch struct {
	Kind       string `json:"kind"`
	APIVersion string `json:"apiVersion,omitempty"`
	APIServer  struct {
		ExtraArgs map[string]string `json:"extraArgs"`
	} `json:"apiServer"`
}

func check(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var c v1alpha4.Cluster
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return "", err
	}
	if c.Kind != "Cluster" || c.APIVersion != "kind.x-k8s.io/v1alpha4" {
		return "", fmt.Errorf("kind/apiVersion %q/%q, want Cluster/kind.x-k8s.io/v1alpha4", c.Kind, c.APIVersion)
	}
	if len(c.Nodes) == 0 || c.Nodes[0].Role != v1alpha4.ControlPlaneRole {
		return "", fmt.Errorf("the first node must be a control-plane")
	}
	summary := []string{"kind v1alpha4"}
	for i, p := range c.KubeadmConfigPatches {
		var patch clusterConfigurationPatch
		if err := yaml.UnmarshalStrict([]byte(p), &patch); err != nil {
			return "", fmt.Errorf("kubeadmConfigPatches[%d]: %w", i, err)
		}
		if patch.Kind != "ClusterConfiguration" {
			return "", fmt.Errorf("kubeadmConfigPatches[%d]: kind %q, want ClusterConfiguration", i, patch.Kind)
		}
		var args []string
		for k, v := range patch.APIServer.ExtraArgs {
			args = append(args, k+"="+v)
		}
		sort.Strings(args)
		summary = append(summary, "ClusterConfiguration patch: apiServer.extraArgs "+strings.Join(args, " "))
	}
	return strings.Join(summary, "; "), nil
}

func main() {
	failed := false
	for _, path := range os.Args[1:] {
		what, err := check(path)
		if err != nil {
			fmt.Printf("%s: %v\n", path, err)
			failed = true
			continue
		}
		fmt.Printf("%s: ok (%s)\n", path, what)
	}
	if failed {
		os.Exit(1)
	}
}
