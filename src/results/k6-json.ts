// Turns k6's JSON output (one sample per line) into requests.csv rows and VU samples.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Op, RequestRow } from './rows.js';

interface K6Point {
  type: string;
  metric: string;
  data: { time: string; value: number; tags?: Record<string, string>; metadata?: Record<string, string> };
}

const OPS = new Set<Op>(['list', 'watch', 'watchlist', 'reconnect', 'patch']);

function numOrBlank(v: string | undefined): number | '' {
  return v === undefined || v === '' ? '' : Number(v);
}

export interface EngineSamples {
  requests: Omit<RequestRow, 'run_id' | 'variant' | 'rep'>[];
  vus: Array<{ t_ms: number; value: number }>;
}

/** Reads the JSON lines; t_ms is the request's start relative to zeroMs. */
export async function readK6Json(path: string, zeroMs: number): Promise<EngineSamples> {
  const out: EngineSamples = { requests: [], vus: [] };
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.includes('"Point"')) continue;
    if (!line.includes('"ksb_request_duration_ms"') && !line.includes('"metric":"vus"')) continue;
    let p: K6Point;
    try {
      p = JSON.parse(line) as K6Point;
    } catch {
      continue; // a line cut short by an interrupted k6
    }
    const at = Date.parse(p.data.time);
    if (p.metric === 'vus') {
      out.vus.push({ t_ms: at - zeroMs, value: p.data.value });
      continue;
    }
    // Per-observation values are sample metadata (older scripts sent them as tags).
    const tags = { ...p.data.tags, ...p.data.metadata };
    const op = tags.op as Op;
    if (!OPS.has(op)) continue;
    out.requests.push({
      t_ms: Math.round(at - p.data.value - zeroMs),
      scenario: tags.scenario ?? '',
      op,
      status: Number(tags.status ?? 0),
      duration_ms: Math.round(p.data.value * 1000) / 1000,
      ttfb_ms: numOrBlank(tags.ttfb_ms),
      bytes: numOrBlank(tags.bytes),
      objects: numOrBlank(tags.objects),
      error: tags.error ?? '',
    });
  }
  return out;
}
