// Reads ksb-runner output (JSON lines) of the N segments of one run — files, or `kubectl logs --prefix` output
// with every pod's lines interleaved — and checks that the segments make up one whole run.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../errors/input-error.js';
import type { ResolvedWorkload } from '../workload/resolve.js';
import type { Op, RequestRow } from './rows.js';

/** The file `ksb export k8s-job` writes beside the manifests: what gather needs to describe the run. */
export const JOB_FILE = 'job.json';

export interface JobRecord {
  kind: 'ksb-k8s-job';
  format: 1;
  ksb_version: string;
  name: string;
  namespace: string;
  segments: number;
  image: string;
  target_url: string;
  variant: string;
  workload: Pick<ResolvedWorkload, 'name' | 'description' | 'params' | 'seed' | 'scenarios'>;
}

interface EngineInfo {
  name: string;
  version: string;
  go?: string;
  client_go?: string;
  platform?: string;
}

export interface RunnerSegment {
  /** file, and the kubectl --prefix (pod/container) where there was one */
  source: string;
  index: number;
  of: number;
  workload: string;
  variant: string;
  engine?: EngineInfo;
  startMs: number;
  endMs?: number;
  exitCode?: number;
  reason?: string;
  peakRssBytes?: number;
  requests: Array<Omit<RequestRow, 'run_id' | 'variant' | 'rep' | 't_ms'> & { time_ms: number }>;
  synced: number;
  /** the runner's own lines that are not JSON (stderr in kubectl logs), e.g. a churn shortfall */
  notes: string[];
}

const OPS = new Set<Op>(['list', 'watch', 'watchlist', 'reconnect', 'patch']);
const PREFIX = /^\[([^\]\s]+)\] /; // kubectl logs --prefix: "[pod/name/container] "
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) /; // kubectl logs --timestamps

type Line = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | '' => (typeof v === 'number' && Number.isFinite(v) ? v : '');

/** Reads one file ("-" is stdin) into segments; a stream is the file, or one prefix within it. */
export async function readRunnerOutput(path: string): Promise<RunnerSegment[]> {
  const done: RunnerSegment[] = [];
  const open = new Map<string, RunnerSegment>();
  const input = path === '-' ? process.stdin : createReadStream(path);
  const readError = new Promise<never>((_, reject) =>
    input.once('error', (e: NodeJS.ErrnoException) => reject(new InputError(`${path}: cannot read (${e.code ?? e.message})`))),
  );
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  const consume = async () => {
    for await (const raw of lines) {
      n++;
      let text = raw;
      let stream = path;
      const p = PREFIX.exec(text);
      if (p) {
        stream = `${path} [${p[1]}]`;
        text = text.slice(p[0].length);
      }
      text = text.replace(TIMESTAMP, '');
      const where = `${path} line ${n}`;
      if (!text.startsWith('{')) {
        const seg = open.get(stream);
        if (seg && text.trim()) seg.notes.push(text.trim());
        continue;
      }
      let l: Line;
      try {
        l = JSON.parse(text) as Line;
      } catch {
        continue; // a line cut short by a killed pod
      }
      if (l.type === 'start') {
        const m = /^(\d+)\/(\d+)$/.exec(str(l.segment));
        if (!m || Number(m[1]) >= Number(m[2]))
          throw new InputError(`${where}: start line with segment ${JSON.stringify(l.segment)}, expected "i/n" with i < n`);
        if (l.schema !== 1) throw new InputError(`${where}: runner output schema ${String(l.schema)}, this ksb reads schema 1`);
        const prev = open.get(stream);
        if (prev) done.push(prev);
        open.set(stream, {
          source: stream,
          index: Number(m[1]),
          of: Number(m[2]),
          workload: str(l.workload),
          variant: str(l.variant),
          engine: l.engine as EngineInfo | undefined,
          startMs: Number(l.time_ms),
          requests: [],
          synced: 0,
          notes: [],
        });
        continue;
      }
      const seg = open.get(stream);
      if (!seg) {
        if (l.type === 'obs' || l.type === 'end' || l.type === 'synced')
          throw new InputError(`${where}: ${String(l.type)} line before any start line: the beginning of this output is missing (kubectl logs shows only a pod's current log file, and the kubelet rotates it at 10 MiB by default: raise containerLogMaxSize or have the runners write to a volume)`);
        continue;
      }
      if (l.type === 'obs') {
        const op = l.op as Op;
        if (!OPS.has(op)) throw new InputError(`${where}: op ${JSON.stringify(l.op)}, expected one of ${[...OPS].join(', ')}`);
        seg.requests.push({
          time_ms: Number(l.time_ms),
          scenario: str(l.scenario),
          op,
          status: Number(l.status ?? 0),
          duration_ms: Number(l.duration_ms),
          ttfb_ms: num(l.ttfb_ms),
          bytes: num(l.bytes),
          objects: num(l.objects),
          error: typeof l.error === 'string' ? l.error : '',
        });
      } else if (l.type === 'synced') seg.synced++;
      else if (l.type === 'end') {
        seg.endMs = Number(l.time_ms);
        seg.exitCode = Number(l.exit_code);
        seg.reason = typeof l.reason === 'string' && l.reason ? l.reason : undefined;
        seg.peakRssBytes = typeof l.peak_rss_bytes === 'number' ? l.peak_rss_bytes : undefined;
        done.push(seg);
        open.delete(stream);
      }
    }
  };
  await Promise.race([consume(), readError]);
  return [...done, ...open.values()];
}

export interface Gathered {
  segments: RunnerSegment[];
  of: number;
  workload: string;
  variant: string;
  /** what keeps the run from being whole; empty when every segment ran to a clean end */
  problems: string[];
}

/** Checks the segments belong together and cover 0..n-1 once each. Missing segments are an error unless allowed. */
export function checkSegments(segments: RunnerSegment[], allowMissing: boolean): Gathered {
  if (!segments.length) throw new InputError('no ksb-runner output found (no {"type":"start",…} line in the input)');
  const first = segments[0]!;
  for (const s of segments) {
    for (const [field, a, b] of [
      ['segment count', s.of, first.of],
      ['workload', s.workload, first.workload],
      ['variant', s.variant, first.variant],
    ] as const) {
      if (a !== b) throw new InputError(`${s.source}: ${field} ${a}, but ${first.source} has ${b}: not segments of one run`);
    }
  }
  const byIndex = new Map<number, RunnerSegment[]>();
  for (const s of segments) byIndex.set(s.index, [...(byIndex.get(s.index) ?? []), s]);
  const dup = [...byIndex.entries()].filter(([, xs]) => xs.length > 1);
  if (dup.length) {
    const [i, xs] = dup[0]!;
    throw new InputError(`segment ${i}/${first.of} appears ${xs.length} times (${xs.map((x) => x.source).join(', ')}); give each segment's output once`);
  }
  const problems: string[] = [];
  const missing = [...Array(first.of).keys()].filter((i) => !byIndex.has(i));
  if (missing.length) {
    const msg = `segment${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${first.of}`).join(', ')} missing (found ${segments.length} of ${first.of})`;
    if (!allowMissing) throw new InputError(`${msg}; pass every pod's output, or --allow-missing to write an incomplete run`);
    problems.push(msg);
  }
  for (const s of [...segments].sort((a, b) => a.index - b.index)) {
    if (s.endMs === undefined) problems.push(`segment ${s.index}/${s.of} (${s.source}) has no end line: the runner was killed or its output cut short`);
    else if (s.exitCode !== 0) problems.push(`segment ${s.index}/${s.of} (${s.source}) exited ${s.exitCode}${s.reason ? `: ${s.reason}` : ''}`);
  }
  return { segments, of: first.of, workload: first.workload, variant: first.variant, problems };
}

/** requests.csv rows of all segments, t_ms from the earliest segment start. */
export function gatheredRequests(g: Gathered, runId: string, zeroMs: number): RequestRow[] {
  const rows: RequestRow[] = [];
  for (const s of g.segments) {
    for (const { time_ms, ...r } of s.requests) rows.push({ run_id: runId, variant: g.variant, rep: 1, t_ms: Math.round(time_ms - zeroMs), ...r });
  }
  return rows.sort((a, b) => a.t_ms - b.t_ms);
}
