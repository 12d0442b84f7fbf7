// ksb-runner's own account of a repetition (its end line), kept in the repetition's record.
import type { RepRecord } from '../../results/manifest.js';
import type { RunnerOutput } from '../../results/runner-json.js';

/** Records the runner's churn rates, peak memory and reason; returns what the user must be told. */
export function runnerReport(record: RepRecord, out: RunnerOutput): string[] {
  const warnings: string[] = [];
  if (out.end) {
    record.engine_report = {
      churn: out.end.churn ?? undefined,
      peak_rss_bytes: out.end.peak_rss_bytes,
      gomaxprocs: out.gomaxprocs,
      reason: out.end.reason || undefined,
      ...(out.end.api_counts ? { api_counts: out.end.api_counts } : {}),
    };
    for (const c of out.end.churn ?? [])
      if (c.achieved_per_second < 0.95 * c.target_per_second)
        warnings.push(
          `churn ${c.scenario} fell short: ${c.achieved_per_second.toFixed(1)}/s achieved of ${c.target_per_second}/s asked (${c.skipped} arrivals skipped)`,
        );
  } else if (record.status !== 'target-crashed') warnings.push('ksb-runner wrote no end line (killed?): its observations may stop short');
  return warnings;
}
