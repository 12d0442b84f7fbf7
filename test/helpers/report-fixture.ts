// What a new user gets from `ksb compare base head` then `ksb report`, and from `ksb history report` after four
// nightly runs, on synthetic runs: the reports the browser tests open.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runKsb } from './cli.js';
import { fakeRun } from './fake-run.js';
import { tempDir } from './tmp.js';

export interface ReportFixture {
  /** the comparison's report directory (report.md, report.html, charts) */
  report: string;
  /** the history report's directory (history.md, history.html, charts) */
  history: string;
  /**
   * with `more`: a base/head comparison of two variants each (four sides), a one-variant run's report, and the report
   * of a run of two variants on three apiservers with a bystander (apiserver 1 OOM-killed and restarted)
   */
  others: string[];
}

async function ksb(args: string[]): Promise<void> {
  const r = await runKsb(args);
  if (r.code !== 0) throw new Error(`ksb ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
}

export async function reportFixture(t: Parameters<typeof tempDir>[0], more = false): Promise<ReportFixture> {
  const root = await tempDir(t, 'ksb-report-browser-');
  const sync = (ms: number) => [ms, ms + 10, ms + 20, ms * 3];
  const base = await fakeRun(root, 'base', { streaming: { peaksMiB: [200, 210, 205], syncMs: [sync(100), sync(110), sync(105)] } });
  const head = await fakeRun(root, 'head', { streaming: { peaksMiB: [150, 160, 155], syncMs: [sync(90), sync(95), sync(85)] } });
  await ksb(['compare', base, head, '--out', join(root, 'comparison')]);
  const [comparison] = await readdir(join(root, 'comparison'));
  const report = join(root, 'report');
  await ksb(['report', join(root, 'comparison', comparison!), '--out', report]);
  const others = more ? await otherReports(root) : [];

  const db = join(root, 'history.csv');
  for (const [i, peak] of [200, 205, 198, 300].entries()) {
    const run = await fakeRun(
      root,
      `nightly-${i + 1}`,
      { streaming: { peaksMiB: [peak, peak + 2] } },
      { started: `2026-01-0${i + 1}T03:00:00Z` },
    );
    await ksb(['history', 'add', run, '--db', db]);
  }
  const history = join(root, 'history');
  await ksb(['history', 'report', '--db', db, '--out', history, '--gate', 'apiserver_rss_peak_bytes', '--gate', 'time_to_synced_p99_ms']);
  return { report, history, others };
}

async function otherReports(root: string): Promise<string[]> {
  const both = { legacy: { peaksMiB: [900, 950] }, streaming: { peaksMiB: [150, 155] } };
  const [base2, head2] = [await fakeRun(root, 'base2', both), await fakeRun(root, 'head2', both)];
  await ksb(['compare', base2, head2, '--out', join(root, 'comparison2')]);
  const [comparison2] = await readdir(join(root, 'comparison2'));
  await ksb(['report', join(root, 'comparison2', comparison2!), '--out', join(root, 'report-four-sides')]);
  const single = await fakeRun(root, 'single', { streaming: { peaksMiB: [150, 160] } });
  await ksb(['report', single, '--out', join(root, 'report-one-variant')]);
  const ha = await fakeRun(root, 'ha', both, { apiservers: 3 });
  await ksb(['report', ha, '--out', join(root, 'report-three-apiservers')]);
  return [join(root, 'report-four-sides'), join(root, 'report-one-variant'), join(root, 'report-three-apiservers')];
}
