// A repetition's series from Prometheus (--prometheus-url).
import type { PrometheusSource } from '../collect/prometheus-source.js';
import type { RepRecord } from '../results/manifest.js';
import type { SampleRow } from '../results/rows.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits one query step after the load first, so the scrape that covers its end is in; what fails or returns
 * nothing is noted in the repetition's record, not fatal to the run.
 */
export async function prometheusRows(
  source: PrometheusSource,
  record: RepRecord,
  base: { run_id: string; variant: string; rep: number },
  startMs: number,
  zeroMs: number,
  log: (l: string) => void,
): Promise<SampleRow[]> {
  const stepMs = source.o.stepMs;
  await sleep(stepMs + 500);
  try {
    const got = await source.collect({ startMs: startMs - 2 * stepMs, endMs: Date.now(), zeroMs }, base);
    record.prometheus = { apiserver_instances: got.apiserverInstances, missing: got.missing };
    for (const m of got.missing) log(`[${base.variant} ${base.rep}] Prometheus: no series for ${m} in this repetition's window`);
    return got.rows;
  } catch (e) {
    record.prometheus = { apiserver_instances: [], missing: [], error: (e as Error).message };
    log(`[${base.variant} ${base.rep}] Prometheus: ${(e as Error).message}`);
    return [];
  }
}
