import test from 'ava';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { XMLValidator } from 'fast-xml-parser';
import { loadRun } from '../../src/results/load-run.js';
import { appendHistory, readHistory, trend, type HistoryRow } from '../../src/report/history.js';
import { runKsb } from '../helpers/cli.js';
import { fakeRun } from '../helpers/fake-run.js';
import { COMMENT_LIMIT, mermaidSection } from '../../src/report/markdown.js';
import { comparisonMermaid, MAX_POINTS, resampleMax } from '../../src/report/mermaid.js';

const tmp = (t: Parameters<typeof tempDir>[0]) => tempDir(t, 'ksb-report-');

test('ksb report: the verdict table first, charts that parse with a series per variant, a self-contained HTML', async (t) => {
  const root = await tmp(t);
  const run = await fakeRun(root, 'run', { legacy: { peaksMiB: [1000, 1040, 980] }, streaming: { peaksMiB: [150, 160, 155] } });
  const out = join(root, 'report');
  const r = await runKsb(['report', run, '--out', out]);
  t.is(r.code, 0, r.stderr);
  const md = await readFile(join(out, 'report.md'), 'utf8');
  const firstTable = md.split('\n').findIndex((l) => l.startsWith('|'));
  t.is(md.split('\n')[firstTable], '| metric | legacy | streaming | ratio [95% CI] | detects | verdict |');
  t.is(md.split('\n')[firstTable - 2], '**streaming vs legacy**, n = 3 repetitions a side');
  t.regex(md, /Welch's 95% interval on log values/);
  t.regex(md, /\| apiserver_rss_peak_bytes 🔒 \| .* \| ✅ improved \|/);
  t.true(firstTable < md.indexOf('### Charts'), 'the verdict table comes before the charts');
  for (const chart of ['rss-over-time', 'peak-rss', 'time-to-synced-ecdf', 'list-latency']) {
    t.true(md.includes(`(${chart}.svg)`), chart);
    const svg = await readFile(join(out, `${chart}.svg`), 'utf8');
    t.is(XMLValidator.validate(svg), true, chart);
    t.regex(svg, />legacy</, `${chart} legend has legacy`);
    t.regex(svg, />streaming</, `${chart} legend has streaming`);
    const png = await readFile(join(out, `${chart}.png`));
    t.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  }
  const rss = await readFile(join(out, 'rss-over-time.svg'), 'utf8');
  const reps = new Set([...rss.matchAll(/rep: ([a-z]+ #\d)/g)].map((m) => m[1]));
  t.deepEqual(
    [...reps].sort(),
    ['legacy #1', 'legacy #2', 'legacy #3', 'streaming #1', 'streaming #2', 'streaming #3'],
    'one line per repetition',
  );
  const html = await readFile(join(out, 'report.html'), 'utf8');
  t.regex(html, /^<!doctype html>/);
  t.is((html.match(/<figure role="img"[^>]*><svg /g) ?? []).length, 4, 'charts inlined');
  t.notRegex(html, /<img src=/);
  const again = await runKsb(['report', run, '--out', out]);
  t.regex(again.stderr, /already holds a report\.md/);
});

test('history: an append interrupted before its rename leaves the previous file intact', async (t) => {
  const root = await tmp(t);
  const db = join(root, 'history.csv');
  const first = await loadRun(await fakeRun(root, 'r1', { streaming: { peaksMiB: [200, 210] } }, { started: '2026-01-01T00:00:00Z' }));
  const second = await loadRun(await fakeRun(root, 'r2', { streaming: { peaksMiB: [220, 230] } }, { started: '2026-01-02T00:00:00Z' }));
  t.true((await appendHistory(db, first)) > 0);
  const before = await readFile(db, 'utf8');
  await t.throwsAsync(
    appendHistory(db, second, () => {
      throw new Error('killed mid-append');
    }),
  );
  t.is(await readFile(db, 'utf8'), before, 'the history file is untouched');
  await writeFile(join(root, 'history.csv.dead.tmp'), 'run_id,half a line'); // what a killed process leaves
  t.true((await appendHistory(db, second)) > 0);
  t.is(await appendHistory(db, second), 0, 'a run is added once');
  const rows = await readHistory(db);
  t.deepEqual([...new Set(rows.map((r) => r.run_id))], ['r1', 'r2']);
  await writeFile(join(root, 'bad.csv'), 'a,b\n1,2\n');
  await t.throwsAsync(readHistory(join(root, 'bad.csv')), { message: /not a ksb history file/ });
});

test('history trend: a run above the prediction interval of those before it, and beyond the threshold, is a regression', (t) => {
  const row = (i: number, value: number): HistoryRow => ({
    run_id: `r${i}`,
    started: `2026-01-0${i}T00:00:00Z`,
    git_commit: '',
    workload: 'w',
    target: 'mock',
    kube_version: '',
    variant: 'streaming',
    metric: 'apiserver_rss_peak_bytes',
    value: String(value),
    unit: 'bytes',
    reps: '3',
  });
  const points = trend([row(1, 100), row(2, 104), row(3, 98), row(4, 103), row(5, 130), row(6, 101)], { threshold: 0.1, window: 5 });
  t.deepEqual(
    points.map((p) => [p.run_id, p.regressed]),
    [
      ['r1', false],
      ['r2', false],
      ['r3', false],
      ['r4', false],
      ['r5', true],
      ['r6', false],
    ],
  );
  // r5 by hand: logs of 100, 104, 98, 103 have mean ln 101.221824 and sd 0.027094; 130/101.221824 = 1.284308,
  // prediction se 0.027094·sqrt(1 + 1/4), t(0.975, 3) = 3.182446: interval 1.165567 … 1.415146, clear of 1 and 1.1.
  t.true(Math.abs(points[4]!.baseline - 101.221824) < 1e-5, String(points[4]!.baseline));
  const ungated = trend([row(1, 100), row(2, 104), row(3, 98), row(4, 103), row(5, 130)], {
    threshold: 0.1,
    window: 5,
    gates: ['time_to_synced_p99_ms'],
  });
  t.like(ungated[4], { gated: false, regressed: false }, 'a metric --gate leaves out is charted, not flagged');
});

test('ksb history add and report write trend charts and history.md', async (t) => {
  const root = await tmp(t);
  const db = join(root, 'h.csv');
  for (const [i, peak] of [
    [1, 200],
    [2, 205],
    [3, 198],
    [4, 300],
  ] as const) {
    const run = await fakeRun(
      root,
      `n${i}`,
      { legacy: { peaksMiB: [1000, 1010] }, streaming: { peaksMiB: [peak, peak + 2] } },
      { started: `2026-01-0${i}T00:00:00Z` },
    );
    t.is((await runKsb(['history', 'add', run, '--db', db])).code, 0);
  }
  const r = await runKsb(['history', 'report', '--db', db, '--out', join(root, 'hr')]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /[1-9]\d* regression/);
  const md = await readFile(join(root, 'hr', 'history.md'), 'utf8');
  t.regex(md, /\| n4 \| informer-storm \/ mock \/ streaming \| apiserver_rss_peak_bytes \|/);
  const files = await readdir(join(root, 'hr'));
  t.true(files.includes('trend-apiserver_rss_peak_bytes.svg'));
  t.is(XMLValidator.validate(await readFile(join(root, 'hr', 'trend-apiserver_rss_peak_bytes.svg'), 'utf8')), true);

  const gated = await runKsb(['history', 'report', '--db', db, '--out', join(root, 'hr2'), '--gate', 'time_to_synced_p99_ms']);
  t.is(gated.code, 0, gated.stderr);
  t.regex(gated.stdout, / 0 regression/);
  t.regex(
    await readFile(join(root, 'hr2', 'history.md'), 'utf8'),
    /🔓 Charted, not flagged \(--gate names the flagged metrics\): apiserver_rss_peak_bytes, apiserver_rss_growth_bytes/,
  );
  for (const [args, message] of [
    [['--gate', 'errors'], /'--gate <metric>' argument 'errors' is invalid\. not a trend metric; choose from: apiserver_rss_peak_bytes/],
    [['--window', '1'], /'--window <n>' argument '1' is invalid\. expected at least 2/],
    [['--threshold', '0%'], /'--threshold <percent>' argument '0%' is invalid/],
  ] as const) {
    const bad = await runKsb(['history', 'report', '--db', db, '--out', join(root, 'hr3'), ...args]);
    t.not(bad.code, 0, args.join(' '));
    t.regex(bad.stderr, message);
  }
});

test('ksb report on a comparison saved by an older ksb (bootstrap intervals) asks for compare to run again, exit 2', async (t) => {
  const root = await tmp(t);
  const old = {
    kind: 'ksb-comparison',
    created: '2026-01-01T00:00:00Z',
    options: { threshold: 0.05, seed: 0 },
    pairs: [{ baseline: { run_dir: root }, candidate: { run_dir: root }, rows: [{ metric: 'errors', ratio: 1, ciLow: 1, ciHigh: 1 }] }],
  };
  await writeFile(join(root, 'comparison.json'), JSON.stringify(old));
  const r = await runKsb(['report', root, '--out', join(root, 'report')]);
  t.is(r.code, 2);
  t.regex(r.stderr, /a comparison from an older ksb \(bootstrap intervals\); run ksb compare on its runs again/);
});

test('ksb report on a one-variant run: no verdicts, the figures per variant, and the charts', async (t) => {
  const root = await tmp(t);
  const run = await fakeRun(root, 'single', { streaming: { peaksMiB: [150, 160] } });
  const out = join(root, 'report');
  const r = await runKsb(['report', run, '--out', out]);
  t.is(r.code, 0, r.stderr);
  const md = await readFile(join(out, 'report.md'), 'utf8');
  t.regex(md, /One variant, so nothing is compared/);
  t.regex(md, /\| metric \| streaming \|\n\|---\|---:\|\n\| apiserver_rss_peak_bytes \| 155\.0 MiB ± 7\.1 MiB \(n=2\) \|/);
  t.notRegex(md, /ratio \[95% CI\]/);
  t.regex(await readFile(join(out, 'rss-over-time.svg'), 'utf8'), />streaming</);
});

test('Mermaid RSS line: at most 50 points over the time both sides have samples, each the highest sample of its slice', async (t) => {
  const curve = Array.from({ length: 1000 }, (_, i) => ({ t: i / 100, v: i === 437 ? 900 : 100 + i / 100 }));
  const points = resampleMax(curve, 0, 9.99);
  t.is(points.length, MAX_POINTS);
  t.is(Math.max(...points), 900, 'the one-sample peak is kept');
  t.true(points[0]! >= 100 && points.at(-1)! > 109.5);
  // A slice with no sample takes the line between its neighbours; never more points than samples.
  const sparse = [
    { t: 0, v: 0 },
    { t: 1, v: 10 },
    { t: 2, v: 20 },
    { t: 10, v: 100 },
  ];
  t.deepEqual(resampleMax(sparse, 0, 10, 4), [20, 37.5, 62.5, 100]);
  t.is(resampleMax(sparse, 0, 10).length, 4);
});

test('report.md stays under GitHub comment limit: the graphs that do not fit are left out with a note', async (t) => {
  const root = await tmp(t);
  const run = await loadRun(
    await fakeRun(root, 'run', { legacy: { peaksMiB: [1000, 1040, 980] }, streaming: { peaksMiB: [150, 160, 155] } }),
  );
  const graphs = comparisonMermaid([
    { label: 'legacy', run, variant: 'legacy' },
    { label: 'streaming', run, variant: 'streaming' },
  ]);
  t.is(graphs.length, 3);
  const all = mermaidSection(graphs, COMMENT_LIMIT);
  t.is((all.match(/```mermaid/g) ?? []).length, 3);
  t.notRegex(all, /left out/);
  const firstOnly = mermaidSection(graphs, all.indexOf('```mermaid', 10) + 200);
  t.is((firstOnly.match(/```mermaid/g) ?? []).length, 1);
  t.regex(firstOnly, /\*2 of 3 graphs left out to keep this comment under GitHub's 65,536 characters; report\.html/);
  t.true(firstOnly.length <= all.indexOf('```mermaid', 10) + 200);
  const none = mermaidSection(graphs, 100);
  t.notRegex(none, /```mermaid/);
  t.regex(none, /^\*3 of 3 graphs left out/);
});
