// A tiny Kubernetes-shaped checkout that builds in seconds: go.work with one staging module
// (k8s.io/component-base/version, the variables Kubernetes stamps through ldflags) and a cmd/kube-apiserver that
// prints `Kubernetes <gitVersion>` for --version, committed and tagged v1.33.13 with more commits on top.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

const FILES: Record<string, string> = {
  'go.work': 'go 1.24\n\nuse (\n\t.\n\t./staging/src/k8s.io/component-base\n)\n',
  'go.mod': 'module k8s.io/kubernetes\n\ngo 1.24\n',
  'staging/src/k8s.io/component-base/go.mod': 'module k8s.io/component-base\n\ngo 1.24\n',
  'staging/src/k8s.io/component-base/version/base.go': `package version

// Set through ldflags by the build, as in Kubernetes.
var (
	gitMajor     string
	gitMinor     string
	gitVersion   = "v0.0.0-master+$Format:%H$"
	gitCommit    = "$Format:%H$"
	gitTreeState = ""
	buildDate    = "1970-01-01T00:00:00Z"
)

// Get returns the stamped fields, space separated.
func Get() []string { return []string{gitVersion, gitMajor, gitMinor, gitCommit, gitTreeState, buildDate} }
`,
  'cmd/kube-apiserver/main.go': `package main

import (
	"fmt"
	"os"
	"strings"

	"k8s.io/component-base/version"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Println("Kubernetes " + version.Get()[0])
		return
	}
	fmt.Println(strings.Join(version.Get(), " "))
}
`,
};

/** git in the fake checkout, with a fixed identity and dates so commits are the same on every machine. */
export async function gitIn(dir: string, ...args: string[]): Promise<string> {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'ksb test',
    GIT_AUTHOR_EMAIL: 'ksb@example.invalid',
    GIT_COMMITTER_NAME: 'ksb test',
    GIT_COMMITTER_EMAIL: 'ksb@example.invalid',
    GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  };
  return (await exec('git', ['-C', dir, ...args], { env })).stdout.trim();
}

/** Makes the checkout in `dir`: the tag v1.33.13 and `extraCommits` commits on top; returns every commit, oldest first. */
export async function makeFakeCheckout(dir: string, extraCommits = 2): Promise<string[]> {
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  await gitIn(dir, 'init', '--quiet', '--initial-branch=main');
  await gitIn(dir, 'add', '-A');
  await gitIn(dir, 'commit', '--quiet', '-m', 'fake Kubernetes v1.33.13');
  await gitIn(dir, 'tag', '-a', 'v1.33.13', '-m', 'v1.33.13');
  const commits = [await gitIn(dir, 'rev-parse', 'HEAD')];
  for (let i = 1; i <= extraCommits; i++) {
    await writeFile(join(dir, 'cmd/kube-apiserver', `doc${i}.go`), `// Package main, note ${i}.\npackage main\n`);
    await gitIn(dir, 'add', '-A');
    await gitIn(dir, 'commit', '--quiet', '-m', `note ${i}`);
    commits.push(await gitIn(dir, 'rev-parse', 'HEAD'));
  }
  return commits;
}
