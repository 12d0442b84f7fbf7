// license-check lists the Go modules in the build list of each module directory it is given and identifies
// the license of each from the license files in the module's root (google/licenseclassifier, with a text
// search as a safety net for the licenses its corpus lacks, such as BUSL-1.1). It prints one JSON document;
// the policy (which licenses are allowed) is applied by scripts/check-licenses (src/licenses/policy.ts).
//
// Usage: license-check <module-dir>...
// Exit codes: 0 printed, 2 bad arguments, 3 go list / go mod download failed.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	classifier "github.com/google/licenseclassifier/v2"
	"github.com/google/licenseclassifier/v2/assets"
)

type goModule struct {
	Path    string
	Version string
	Main    bool
	Dir     string
	Replace *goModule
	Error   *struct{ Err string }
}

// Module is one line of the report.
type Module struct {
	Path     string   `json:"path"`
	Version  string   `json:"version"`
	Main     bool     `json:"main,omitempty"`
	Roots    []string `json:"roots"`
	Linked   bool     `json:"linked"`
	Files    []string `json:"files"`
	Licenses []string `json:"licenses"`
	Error    string   `json:"error,omitempty"`
}

const headBytes = 1024

var licenseFile = regexp.MustCompile(`(?i)^(licen[cs]e|copying|unlicense)([-._].*)?$`)

// Titles of licenses the classifier's corpus lacks (BUSL-1.1), or that a shortened copy may not match. Only the
// head of a file is searched: other licenses mention these by name further down (MPL-2.0 names the AGPL).
var textMarkers = []struct {
	id string
	re *regexp.Regexp
}{
	{"BUSL-1.1", regexp.MustCompile(`(?i)business\s+source\s+license`)},
	{"SSPL-1.0", regexp.MustCompile(`(?i)server\s+side\s+public\s+license`)},
	{"AGPL-3.0", regexp.MustCompile(`(?i)gnu\s+affero\s+general\s+public\s+license`)},
}

// goCmd runs go in dir with a copy of its go.mod and go.sum (-modfile), so resolving the build list never
// changes the module's own files.
func goCmd(dir, modfile string, args ...string) ([]byte, error) {
	n := 1 // the flag goes after the command: "list -modfile=…", "mod download -modfile=…"
	if args[0] == "mod" {
		n = 2
	}
	argv := append(append(append([]string{}, args[:n]...), "-modfile="+modfile), args[n:]...)
	cmd := exec.Command("go", argv...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s in %s: %v: %s", strings.Join(args, " "), dir, err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

func decodeStream(data []byte) ([]goModule, error) {
	var mods []goModule
	dec := json.NewDecoder(bytes.NewReader(data))
	for dec.More() {
		var m goModule
		if err := dec.Decode(&m); err != nil {
			return nil, err
		}
		mods = append(mods, m)
	}
	return mods, nil
}

// buildList returns the modules of `go list -m all` in dir with their directories (downloading those not yet
// in the module cache), and the paths of the modules whose packages the main module's packages link.
func buildList(dir string) ([]goModule, map[string]bool, error) {
	tmp, err := os.MkdirTemp("", "license-check-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	modfile := filepath.Join(tmp, "go.mod")
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil && !(f == "go.sum" && os.IsNotExist(err)) {
			return nil, nil, err
		}
		if err := os.WriteFile(filepath.Join(tmp, f), data, 0o644); err != nil {
			return nil, nil, err
		}
	}
	out, err := goCmd(dir, modfile, "list", "-m", "-json", "all")
	if err != nil {
		return nil, nil, err
	}
	mods, err := decodeStream(out)
	if err != nil {
		return nil, nil, fmt.Errorf("go list -m -json all in %s: %v", dir, err)
	}
	var missing []string
	for _, m := range mods {
		if !m.Main && m.Replace == nil && m.Dir == "" {
			missing = append(missing, m.Path+"@"+m.Version)
		}
	}
	if len(missing) > 0 {
		out, err := goCmd(dir, modfile, append([]string{"mod", "download", "-json"}, missing...)...)
		if err != nil && len(out) == 0 {
			return nil, nil, err
		}
		got, derr := decodeStream(out)
		if derr != nil {
			return nil, nil, fmt.Errorf("go mod download -json in %s: %v", dir, derr)
		}
		dirs := map[string]goModule{}
		for _, g := range got {
			dirs[g.Path+"@"+g.Version] = g
		}
		for i := range mods {
			if g, ok := dirs[mods[i].Path+"@"+mods[i].Version]; ok {
				mods[i].Dir = g.Dir
				mods[i].Error = g.Error
			}
		}
	}
	linked := map[string]bool{}
	if out, err := goCmd(dir, modfile, "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", "./..."); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			linked[strings.TrimSpace(sc.Text())] = true
		}
	}
	return mods, linked, nil
}

// identify returns the license files in dir and the licenses they hold.
func identify(c *classifier.Classifier, dir string) ([]string, []string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var files []string
	found := map[string]bool{}
	for _, e := range entries {
		if e.IsDir() || !licenseFile.MatchString(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, nil, err
		}
		files = append(files, e.Name())
		for _, m := range c.Match(data).Matches {
			if m.MatchType == "License" || m.MatchType == "Header" {
				found[m.Name] = true
			}
		}
		head := data
		if len(head) > headBytes {
			head = head[:headBytes]
		}
		for _, t := range textMarkers {
			if t.re.Match(head) {
				found[t.id] = true
			}
		}
	}
	// The Affero marker also names plain AGPL texts the classifier already matched by version.
	if found["AGPL-3.0"] && found["AGPL-1.0"] {
		delete(found, "AGPL-1.0")
	}
	ids := make([]string, 0, len(found))
	for id := range found {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return files, ids, nil
}

func main() {
	if len(os.Args) < 2 || strings.HasPrefix(os.Args[1], "-") {
		fmt.Fprintln(os.Stderr, "usage: license-check <go-module-dir>... (prints the build list's licenses as JSON)")
		os.Exit(2)
	}
	c, err := assets.DefaultClassifier()
	if err != nil {
		fmt.Fprintln(os.Stderr, "license-check: loading the license corpus:", err)
		os.Exit(3)
	}
	byKey := map[string]*Module{}
	var order []string
	for _, root := range os.Args[1:] {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
			fmt.Fprintf(os.Stderr, "license-check: %s: no go.mod (expected a Go module directory)\n", root)
			os.Exit(2)
		}
		mods, linked, err := buildList(root)
		if err != nil {
			fmt.Fprintln(os.Stderr, "license-check:", err)
			os.Exit(3)
		}
		for _, m := range mods {
			if m.Main {
				continue // the project's own modules: the project's LICENSE
			}
			src := m
			if m.Replace != nil {
				src = *m.Replace
				if src.Dir == "" {
					src.Dir = m.Dir
				}
			}
			key := src.Path + "@" + src.Version
			mod := byKey[key]
			if mod == nil {
				mod = &Module{Path: src.Path, Version: src.Version, Files: []string{}, Licenses: []string{}}
				if m.Replace != nil && src.Version == "" { // a local directory: name the module it stands for
					mod.Path, mod.Version = m.Path, "=> "+src.Path
				}
				switch {
				case m.Error != nil:
					mod.Error = m.Error.Err
				case src.Dir == "":
					mod.Error = "not in the module cache and not downloadable"
				default:
					files, ids, err := identify(c, src.Dir)
					if err != nil {
						mod.Error = err.Error()
					}
					mod.Files, mod.Licenses = append(mod.Files, files...), append(mod.Licenses, ids...)
				}
				byKey[key] = mod
				order = append(order, key)
			}
			mod.Roots = append(mod.Roots, root)
			mod.Linked = mod.Linked || linked[m.Path]
		}
	}
	out := make([]*Module, 0, len(order))
	for _, k := range order {
		out = append(out, byKey[k])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		os.Exit(3)
	}
}
