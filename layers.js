// @ts-check
// The layers of src/, top to bottom, written once. A folder imports only folders listed after it, never one listed
// before it, so no two folders can import each other. `only` narrows a folder further to the folders it names.
// eslint.config.js turns this list into import rules (npm run lint), and docs/architecture.md shows it as a table
// that test/docs/docs.test.ts keeps equal to this list.

/** @typedef {{ folder: string, holds: string, only?: string[] }} Layer */

/** @type {Layer[]} */
export const layers = [
  { folder: 'cli', holds: 'one file per command; the workload registry (imports the built-in `workloads/`)' },
  { folder: 'capacity', holds: 'capacity search: the largest value of a parameter each variant holds' },
  { folder: 'report', holds: 'report.md/.html, charts, history, exports for continuous-benchmarking tools' },
  { folder: 'compare', holds: 'comparisons of runs (ratio, interval, verdict), their formatting, heap sites' },
  { folder: 'run', holds: '`ksb run`: target per repetition, seed, sample, engine process, result directory' },
  { folder: 'compile', holds: "a workload to ksb-runner's plan JSON or a k6 script (esbuild)" },
  { folder: 'export', holds: 'manifests for distributed runs' },
  { folder: 'seed', holds: 'the objects created before the load' },
  { folder: 'collect', holds: 'samplers: /proc, /metrics, Prometheus, heap profiles' },
  {
    folder: 'results',
    holds: 'the run directory format: manifest, rows, summary, engine output, loading runs back',
  },
  {
    folder: 'metrics',
    holds: 'the metric catalogue: the figures judged per repetition, their units, labels, gates and noise floors',
  },
  {
    folder: 'targets',
    holds: 'mock, local, kind, kubeconfig; HTTP GET, /metrics text, client-node config, versions and gate planning',
  },
  { folder: 'mock', holds: 'the mock apiserver: store, LIST, WATCH, encodings (JSON, protobuf)' },
  {
    folder: 'builds',
    holds: 'the apiserver under test as a build: release, binary or checkout (dir[@ref]) to a binary and its identity',
  },
  { folder: 'tools', holds: 'the per-user tool cache; finding or building ksb-runner, k6, kube-apiserver' },
  { folder: 'workload', holds: 'the authoring API: schema, parameters, scenario library' },
  { folder: 'variants', holds: 'the variants (legacy, streaming): their feature gates and client mode' },
  { folder: 'k6', holds: 'runs inside k6 (`--engine k6`), bundled into the compiled script', only: ['plan'] },
  { folder: 'plan', holds: 'the plan the harness compiles and the engines read', only: [] },
  { folder: 'stats', holds: "statistics: Student's t, ratio intervals, power, verdicts, wording", only: [] },
  { folder: 'files', holds: 'atomic file writes (temp, fsync, rename) and CSV', only: [] },
  { folder: 'licenses', holds: 'the dependency policy: which licenses the product may ship (check:licenses)', only: [] },
  { folder: 'errors', holds: '`InputError`: bad input from the user, one line, exit 2', only: [] },
];

/**
 * The folders `folder` must not import: every folder above it, and with `only`, every other folder but those.
 * @param {string} folder
 * @returns {string[]}
 */
export function forbiddenImports(folder) {
  const i = layers.findIndex((l) => l.folder === folder);
  if (i < 0) throw new Error(`src/${folder} is not in layers.js: add it where it belongs in the order`);
  const layer = /** @type {Layer} */ (layers[i]);
  return layers
    .filter((l, j) => l.folder !== folder && (j < i || (layer.only !== undefined && !layer.only.includes(l.folder))))
    .map((l) => l.folder);
}

/** The order as the Markdown table docs/architecture.md shows (a test compares the two). */
export function layersTable() {
  return [
    '| # | folder | holds | may import |',
    '|---|---|---|---|',
    ...layers.map((l, i) => {
      const may =
        l.only === undefined
          ? i === layers.length - 1
            ? 'nothing'
            : 'folders below'
          : l.only.length
            ? l.only.map((f) => `\`src/${f}\``).join(', ')
            : 'nothing';
      return `| ${i + 1} | \`src/${l.folder}\` | ${l.holds} | ${may} |`;
    }),
  ].join('\n');
}
