// Synthetic run directories with chosen figures, for comparison, report and history tests.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toCsv } from '../../src/files/atomic-write.js';
import { REQUEST_COLUMNS, SAMPLE_COLUMNS, type RequestRow, type SampleRow } from '../../src/results/rows.js';

export interface FakeVariant {
  /** peak apiserver RSS per repetition, MiB (baseline is 100 MiB) */
  peaksMiB: number[];
  /** time to synced of each informer, per repetition */
  syncMs?: number[][];
  /** repetitions (1-based) whose target the kernel OOM-killed over the memory limit: no informer synced */
  oomKilledReps?: number[];
  /** repetitions (1-based) whose engine was SIGKILLed mid-load: half the informers synced, the run incomplete */
  engineKilledReps?: number[];
}

export async function fakeRun(
  root: string,
  id: string,
  variants: Record<string, FakeVariant>,
  o: {
    params?: Record<string, number | string>;
    started?: string;
    kubeVersion?: string;
    emulatedVersion?: string;
    effectiveGates?: Record<string, boolean>;
    clients?: unknown[];
    /** the --memory-limit recorded with each repetition's target */
    memoryLimitMiB?: number;
    /**
     * several local apiservers (--apiservers N) with a bystander: each one's RSS rows (labelled apiserver="i", their
     * sum the unlabelled rows), apiserver 1 OOM-killed at 0.5 s and back at 1 s, the bystander's requests every
     * 250 ms over 0-2.75 s failing from 0.5 s to 1 s
     */
    apiservers?: number;
  } = {},
): Promise<string> {
  const dir = join(root, id);
  await mkdir(dir, { recursive: true });
  const samples: SampleRow[] = [];
  const requests: RequestRow[] = [];
  const repetitions: unknown[] = [];
  for (const [variant, v] of Object.entries(variants)) {
    v.peaksMiB.forEach((peak, i) => {
      const rep = i + 1;
      const s = (t_ms: number, mib: number): SampleRow => ({
        run_id: id,
        variant,
        rep,
        t_ms,
        source: 'proc',
        metric: 'apiserver_rss_bytes',
        value: mib * 2 ** 20,
        labels: '',
      });
      samples.push(s(-500, 100), s(-100, 100), s(0, 100 + (peak - 100) / 2), s(500, peak), s(1000, 100 + (peak - 100) / 3));
      if (o.apiservers) samples.push(...replicaRows(id, variant, rep, o.apiservers, peak));
      const killed = v.oomKilledReps?.includes(rep) ?? false;
      const engineKilled = v.engineKilledReps?.includes(rep) ?? false;
      const syncs = killed ? [] : (v.syncMs?.[i] ?? [100, 110, 120, 130]);
      for (const ms of engineKilled ? syncs.slice(0, syncs.length / 2) : syncs) {
        requests.push({
          run_id: id,
          variant,
          rep,
          t_ms: 10,
          scenario: 'informers',
          op: variant === 'streaming' ? 'watchlist' : 'list',
          status: 200,
          duration_ms: ms,
          ttfb_ms: 5,
          bytes: 1000,
          objects: 10,
          error: '',
        });
      }
      repetitions.push({
        variant,
        rep,
        status: killed ? 'target-crashed' : engineKilled ? 'incomplete' : 'complete',
        ...(killed ? { reason: 'kube-apiserver exited: signal SIGKILL (OOM-killed: over --memory-limit)' } : {}),
        ...(engineKilled ? { reason: 'ksb-runner ended with signal SIGKILL', engineExitCode: 137 } : {}),
        started: '2026-01-01T00:00:00Z',
        seededObjects: 10,
        ...(o.apiservers ? { apiserver_events: REPLICA_EVENTS } : {}),
        ...(o.effectiveGates ? { effective_gates: o.effectiveGates } : {}),
        target: {
          kind: 'mock',
          version: { gitVersion: o.kubeVersion ?? 'v1.33.0-ksb-mock' },
          featureGates: { WatchList: variant === 'streaming' },
          details: o.memoryLimitMiB ? { memory_limit_bytes: o.memoryLimitMiB * 2 ** 20 } : {},
        },
      });
    });
  }
  const manifest = {
    run_id: id,
    tool: { name: 'kube-stream-bench', version: 'test', node: process.version, k6: 'v1.7.1' },
    ...(o.clients ? { clients: o.clients } : {}),
    workload: { name: 'informer-storm', description: 'test', params: { informers: 4, objects: 10, ...o.params } },
    seed: { resource: 'secrets', namespace: 'ksb', count: 10, objectBytes: 1024 },
    scenarios: [{ kind: 'informers', name: 'informers', count: 4 }],
    variants: Object.keys(variants).map((name) => ({
      name,
      description: '',
      gates: {},
      preferred_gates: {},
      client_mode: name === 'streaming' ? 'watchlist' : 'list-watch',
    })),
    reps: Math.max(...Object.values(variants).map((v) => v.peaksMiB.length)),
    target: { kind: 'mock', ...(o.emulatedVersion ? { emulated_version: o.emulatedVersion } : {}) },
    plan_tuning: {},
    host: { hostname: 'test', platform: 'linux', kernel: '', cores: 2, memory_bytes: 2 ** 34 },
    started: o.started ?? '2026-01-01T00:00:00.000Z',
    ended: o.started ?? '2026-01-01T00:01:00.000Z',
    status: 'complete',
    repetitions,
  };
  await writeFile(join(dir, 'run.json'), JSON.stringify(manifest, null, 2));
  await writeFile(join(dir, 'samples.csv'), toCsv(samples, SAMPLE_COLUMNS));
  await writeFile(join(dir, 'requests.csv'), toCsv(requests, REQUEST_COLUMNS));
  return dir;
}

const REPLICA_EVENTS = [
  { t: 0.5, apiserver: '1', kind: 'oom-killed' },
  { t: 0.5, apiserver: '1', kind: 'exited' },
  { t: 0.5, apiserver: '1', kind: 'backend-down' },
  { t: 0.8, apiserver: '1', kind: 'restarted' },
  { t: 1, apiserver: '1', kind: 'ready' },
  { t: 1, apiserver: '1', kind: 'backend-up' },
];

/** Each apiserver's share of the summed curve (apiserver 1 absent while it is down), and the bystander's requests. */
function replicaRows(run_id: string, variant: string, rep: number, n: number, peak: number): SampleRow[] {
  const base = { run_id, variant, rep };
  const curve: Array<[number, number]> = [
    [-500, 100],
    [-100, 100],
    [0, 100 + (peak - 100) / 2],
    [500, peak],
    [1000, 100 + (peak - 100) / 3],
  ];
  const rows: SampleRow[] = [];
  for (let i = 0; i < n; i++)
    for (const [t_ms, mib] of curve) {
      const share = i === 1 && t_ms === 1000 ? 100 / n : (mib * (i + 1)) / ((n * (n + 1)) / 2);
      rows.push({ ...base, t_ms, source: 'proc', metric: 'apiserver_rss_bytes', value: share * 2 ** 20, labels: `apiserver="${i}"` });
    }
  for (let t_ms = 0; t_ms < 3000; t_ms += 250) {
    const ok = t_ms < 500 || t_ms >= 1000;
    const op = (t_ms / 250) % 2 === 0 ? 'get' : 'put';
    rows.push({
      ...base,
      t_ms,
      source: 'bystander',
      metric: 'bystander_latency_ms',
      value: ok ? 4 : 5000,
      labels: `op="${op}",outcome="${ok ? 'ok' : 'error'}"`,
    });
  }
  return rows;
}
