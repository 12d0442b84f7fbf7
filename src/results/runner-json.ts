// Turns ksb-runner's output (JSON lines, schema 1: docs/engines.md) into requests.csv rows.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EngineSamples } from './k6-json.js';
import type { Op } from './rows.js';

const OPS = new Set<Op>(['list', 'watch', 'watchlist', 'reconnect', 'patch']);

interface ObsLine {
  type: 'obs';
  time_ms: number;
  scenario: string;
  op: string;
  status: number;
  duration_ms: number;
  ttfb_ms?: number;
  bytes?: number;
  objects?: number;
  error?: string;
}

/** A churn scenario's schedule as the runner kept it: an open-model load that fell behind says so. */
interface ChurnOutcome {
  scenario: string;
  target_per_second: number;
  achieved_per_second: number;
  sent: number;
  skipped: number;
}

/** The runner's last line: how it ended and what it measured of itself. */
interface RunnerEnd {
  exit_code: number;
  reason: string;
  churn: ChurnOutcome[] | null;
  peak_rss_bytes: number;
  /** what its clients asked and met on the wire (runners from before it lack it) */
  api_counts?: ApiCounts;
}

/**
 * Counted by the runner's round-tripper over all its clients: LISTs and WATCHes opened, LISTs repeated by a client
 * that also watches (relists), HTTP 410 and 429 answers, failed WatchLists followed by a LIST (client-go's fallback),
 * connections broken under a request or a body being read.
 */
export interface ApiCounts {
  lists: number;
  watches: number;
  relists: number;
  gone_410: number;
  too_many_requests_429: number;
  watchlist_fallbacks: number;
  connection_resets: number;
}

export interface RunnerOutput extends EngineSamples {
  schema?: number;
  /** the Go runtime's GOMAXPROCS the runner ran with (1 for a plan that only reads LIST bodies undecoded) */
  gomaxprocs?: number;
  /** absent when the runner was killed before it could write its last line */
  end?: RunnerEnd;
  /** lines that were not JSON (a line cut short by a kill) */
  unreadable: number;
}

/** Reads the JSON lines; t_ms is the request's start relative to zeroMs. */
export async function readRunnerJson(path: string, zeroMs: number): Promise<RunnerOutput> {
  const out: RunnerOutput = { requests: [], vus: [], unreadable: 0 };
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let l: { type?: string } & Record<string, unknown>;
    try {
      l = JSON.parse(line) as typeof l;
    } catch {
      out.unreadable++;
      continue;
    }
    if (l.type === 'start') {
      out.schema = Number(l.schema);
      if (typeof l.gomaxprocs === 'number') out.gomaxprocs = l.gomaxprocs;
    } else if (l.type === 'end') out.end = l as unknown as RunnerEnd;
    else if (l.type === 'obs') {
      const o = l as unknown as ObsLine;
      if (!OPS.has(o.op as Op)) continue;
      out.requests.push({
        t_ms: Math.round(o.time_ms - zeroMs),
        scenario: o.scenario,
        op: o.op as Op,
        status: o.status,
        duration_ms: o.duration_ms,
        ttfb_ms: o.ttfb_ms ?? '',
        bytes: o.bytes ?? '',
        objects: o.objects ?? '',
        error: o.error ?? '',
      });
    }
  }
  return out;
}
