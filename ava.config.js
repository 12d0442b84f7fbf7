// @ts-check
// Every test (npm test). The same files split in two, each runnable on its own:
//   npm run test:unit  (ava.unit.config.js): needs Node and the build only: in-process code, the in-process mock,
//                      and `ksb` itself as a child process. Seconds to a couple of minutes; runs on every Node CI runs.
//   npm run test:e2e   (ava.e2e.config.js): needs a tool from the cache or a real server: ksb-runner, kube-apiserver
//                      and etcd, Prometheus, actionlint, Chromium, the kind config checker, Go, npm pack, root (mount).
//                      KSB_E2E_GROUP=artifacts runs only E2E_ARTIFACTS below, KSB_E2E_GROUP=runs the rest (CI's lanes).
// A test file that needs any of those belongs in E2E below, even when some of its tests do not (files are the unit
// of the split). Test files run one at a time: an end-to-end test keeps both cores busy.

/** Test files (under test/, as .ts) that need a tool, a real server or the network. */
export const E2E = [
  'e2e/**',
  'protocol/local.test.ts', // the protocol suite against a real kube-apiserver
  'package/install.test.ts', // npm pack, install, ksb run
  'capacity/capacity.test.ts', // a real capacity search with ksb-runner
  'cli/run-cli.test.ts', // ksb run with ksb-runner, signals
  'cli/tools.test.ts', // builds ksb-runner with Go
  'collect/prometheus.test.ts', // Prometheus
  'collect/prometheus-replicas.test.ts', // Prometheus
  'k6/clients.test.ts', // runBenchmark with ksb-runner
  'plan/runner-reads-plans.test.ts', // ksb-runner check
  'report/workflows.test.ts', // actionlint
  'report/mermaid.test.ts', // Chromium
  'report/html.test.ts', // Chromium
  'results/disk-full.test.ts', // mount (root), ksb run
  'targets/kind.test.ts', // tools/kind-config-check (Go)
  'targets/kubeconfig.test.ts', // ksb-runner against a token-protected mock
  'targets/versions.test.ts', // the Go module proxy
  'builds/checkout.test.ts', // git, Go: builds a fake Kubernetes checkout
];

/**
 * The E2E files that build, pack or check artifacts and manifests, or assert a memory bound, and no timing: .ci/run runs them after the
 * unit tests, beside the other E2E files (KSB_E2E_GROUP=artifacts), so the two lanes take about as long. A file whose
 * assertions depend on how fast something answers does not belong here: it would share the cores with another test.
 */
export const E2E_ARTIFACTS = [
  'package/install.test.ts',
  'e2e/k8s-job-export.test.ts',
  'e2e/k6-operator-export.test.ts',
  'e2e/runner-image.test.ts',
  'e2e/segments.test.ts',
  'plan/runner-reads-plans.test.ts',
  'cli/tools.test.ts',
  'report/workflows.test.ts',
  'report/mermaid.test.ts',
  'report/html.test.ts',
  'targets/kind.test.ts',
  'e2e/oom-mock.test.ts', // an OOM kill at a memory limit
  'builds/checkout.test.ts',
  // builds kube-apiserver per commit of a real checkout and judges peak RSS, not speed; a reported skip
  // unless those builds are cached (KSB_E2E_BUILD_FIXTURE=1 makes them)
  'e2e/bisect-local.test.ts',
];

/**
 * The e2e runs (E2E files not in E2E_ARTIFACTS) that .ci/run's second lane takes (KSB_E2E_GROUP=runs-2); the third
 * lane takes the rest (runs-1). About half of the runs' time each, from the per-file times in CONTRIBUTING.md.
 */
export const E2E_RUNS_2 = [
  'capacity/capacity.test.ts',
  'e2e/reconnect-mock.test.ts',
  'e2e/prometheus-file-sd.test.ts',
  'e2e/client-go-local.test.ts',
  'e2e/steps-mock.test.ts',
  'e2e/ha-local.test.ts',
];

/** @param {string} f */
export const built = (f) => `dist/test/${f.endsWith('/**') ? `${f}/*.test.js` : f.replace(/\.ts$/, '.js')}`;

export const common = { timeout: '5m', concurrency: 1, workerThreads: false };

export default { ...common, files: ['dist/test/**/*.test.js'] };
