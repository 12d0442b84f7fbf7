// Writes the run's files from what was measured so far, each atomically: called after every repetition, so an
// interrupted run or a crashed target still leaves a valid directory.
import { join } from 'node:path';
import { toCsv, writeFileAtomic } from '../files/atomic-write.js';
import { REQUEST_COLUMNS, SAMPLE_COLUMNS, SUMMARY_COLUMNS } from '../results/rows.js';
import { stepSummaryRows, summaryRows } from '../results/summary.js';
import type { RunContext } from './run-context.js';

export async function writeResults(ctx: RunContext): Promise<void> {
  const { dir, id, samples, requests, figures } = ctx;
  const summary = ctx.o.variants.flatMap((v) => [
    ...summaryRows(id, v, figures, requests, ctx.informerScenarios),
    ...stepSummaryRows(id, v, samples),
  ]);
  await writeFileAtomic(join(dir, 'samples.csv'), toCsv(samples, SAMPLE_COLUMNS));
  await writeFileAtomic(join(dir, 'requests.csv'), toCsv(requests, REQUEST_COLUMNS));
  await writeFileAtomic(join(dir, 'summary.csv'), toCsv(summary, SUMMARY_COLUMNS));
  await writeFileAtomic(join(dir, 'run.json'), `${JSON.stringify(ctx.manifest, null, 2)}\n`);
}

/** summary.txt: the summary the run printed, beside summary.csv. */
export async function writeSummaryText(ctx: RunContext, text: string): Promise<void> {
  await writeFileAtomic(join(ctx.dir, 'summary.txt'), `${text}\n`);
}
