// The bisect's search apart from building and running: commits and a verdict oracle in, the steps asked and the
// first bad commit out; skips (a commit that does not build, a verdict that stays inconclusive); resuming from the
// state an interrupted bisect left; the evidence written as bisect.json and bisect.md.
import test from 'ava';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bisectCommits, stepsLeft, type StepOutcome } from '../../src/bisect/search.js';
import { loadState, resumable, STATE_FILE, type BisectKey, type StepRecord } from '../../src/bisect/state.js';
import { answerLine, writeBisectReport } from '../../src/bisect/report.js';

const COMMITS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'];

/** An oracle: commits from `firstBad` on are bad, `skip` ones cannot be judged; it records what it was asked. */
function oracle(firstBad: string, skip: string[] = []) {
  const asked: string[] = [];
  const judge = (c: string): Promise<StepOutcome> => {
    asked.push(c);
    if (skip.includes(c)) return Promise.resolve('skip');
    return Promise.resolve(COMMITS.indexOf(c) >= COMMITS.indexOf(firstBad) ? 'bad' : 'good');
  };
  return { asked, judge };
}

test('binary search: every first bad commit is found in about log2(n) steps, the bad end never asked', async (t) => {
  for (const firstBad of COMMITS) {
    const o = oracle(firstBad);
    t.deepEqual(await bisectCommits(COMMITS, o.judge), { kind: 'found', commit: firstBad }, firstBad);
    t.true(o.asked.length <= Math.ceil(Math.log2(COMMITS.length)), `${firstBad}: ${o.asked.join(',')}`);
    t.false(o.asked.includes('c9'), 'the bad commit is known bad');
  }
});

test('the steps asked, in order: the middle first, then the middle of what is left', async (t) => {
  const o = oracle('c5');
  await bisectCommits(COMMITS, o.judge);
  t.deepEqual(o.asked, ['c4', 'c6', 'c5']);
});

test('a skipped commit: the nearest untested one is tried instead, and the answer still found', async (t) => {
  const o = oracle('c6', ['c4']);
  t.deepEqual(await bisectCommits(COMMITS, o.judge), { kind: 'found', commit: 'c6' });
  t.is(o.asked[0], 'c4');
  t.is(o.asked.filter((c) => c === 'c4').length, 1, 'a skipped commit is not asked again');
});

test('only skipped commits between the last good and the first bad: the answer names every candidate', async (t) => {
  t.deepEqual(await bisectCommits(COMMITS, oracle('c5', ['c4']).judge), { kind: 'ambiguous', candidates: ['c4', 'c5'] });
  t.deepEqual(await bisectCommits(COMMITS, oracle('c5', ['c4', 'c5']).judge), { kind: 'ambiguous', candidates: ['c4', 'c5', 'c6'] });
});

test('one commit in the range: it is the first bad one without a step', async (t) => {
  const o = oracle('c1');
  t.deepEqual(await bisectCommits(['c1'], o.judge), { kind: 'found', commit: 'c1' });
  t.deepEqual(o.asked, []);
  t.is(stepsLeft(8), 4);
  t.is(stepsLeft(1), 1);
});

const KEY: BisectKey = {
  workload: 'large-list',
  sets: [],
  variant: 'streaming',
  metric: 'apiserver_rss_peak_bytes',
  threshold: 0.1,
  source: '/k',
  good: 'g',
  bad: 'c9',
};
const step = (commit: string, outcome: StepOutcome): StepRecord => ({
  commit,
  subject: `subject ${commit}`,
  outcome,
  verdict: outcome === 'bad' ? 'regressed' : 'unchanged',
  reps: 3,
  runs: [],
  goodValue: 100,
  value: outcome === 'bad' ? 150 : 101,
  ratio: outcome === 'bad' ? 1.5 : 1.01,
  low: 1,
  high: 2,
});

test('resume: an interrupted bisect measures only the commits it had not judged, and the state is on disk after each step', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-bisect-'));
  const firstBad = 'c5';
  const measured: string[] = [];
  let interruptAt: string | undefined = 'c6';
  const measure = (c: string) => {
    measured.push(c);
    if (c === interruptAt) return Promise.reject(new Error('interrupted'));
    return Promise.resolve(step(c, COMMITS.indexOf(c) >= COMMITS.indexOf(firstBad) ? 'bad' : 'good'));
  };
  const search = async () => {
    const state = await loadState(dir, KEY);
    const judge = resumable(dir, state, measure);
    return bisectCommits(COMMITS, async (c) => (await judge(c)).outcome);
  };
  await t.throwsAsync(search(), { message: 'interrupted' });
  t.true(existsSync(join(dir, STATE_FILE)));
  t.deepEqual(
    (await loadState(dir, KEY)).steps.map((s) => s.commit),
    ['c4'],
  );
  measured.length = 0;
  interruptAt = undefined;
  t.deepEqual(await search(), { kind: 'found', commit: 'c5' });
  t.deepEqual(measured, ['c6', 'c5'], 'c4 came from the state');
  await t.throwsAsync(loadState(dir, { ...KEY, metric: 'list_latency_p99_ms' }), { message: /holds a bisect of other inputs/ });
});

test('bisect.json and bisect.md: the answer line and the evidence table', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-bisect-'));
  const state = { format: 1 as const, key: KEY, steps: [step('c9', 'bad'), step('c4', 'good'), step('c5', 'bad')] };
  const answer = { kind: 'found' as const, commit: 'c5' };
  const line = answerLine(answer, (id) => `subject ${id}`);
  t.is(line, 'first bad commit: c5 subject c5');
  await writeBisectReport(dir, state, { id: 'g', subject: 'good' }, answer, line);
  const json = JSON.parse(await readFile(join(dir, 'bisect.json'), 'utf8')) as { first_bad_commit: string; steps: unknown[] };
  t.is(json.first_bad_commit, 'c5');
  t.is(json.steps.length, 3);
  const md = await readFile(join(dir, 'bisect.md'), 'utf8');
  t.true(md.includes('**first bad commit: c5 subject c5**'));
  t.regex(md, /\| c5 \| subject c5 \| 100 B \| 150 B \| 1\.500 \[1\.000, 2\.000\] \| regressed \| bad \| 3 \|/);
  t.is(
    answerLine({ kind: 'no-regression', verdict: 'unchanged' }, () => ''),
    'no regression in the range: bad against good is unchanged, so there is nothing to bisect',
  );
});
