// `ksb bisect`: the first commit (or release) whose apiserver regressed against a good one. The bad end is
// confirmed against the good one first; then a binary search (search.ts) whose steps build the candidate and run it
// interleaved against the good build (step.ts), resumable from bisect-state.json, answered in bisect.json/.md.
import { mkdir } from 'node:fs/promises';
import type { LocalBuild } from '../targets/local/local-build.js';
import type { BisectRange, Candidate } from './range.js';
import { answerLine, evidenceTable, writeBisectReport, type BisectAnswer } from './report.js';
import { bisectCommits, stepsLeft } from './search.js';
import { loadState, resumable, type BisectKey, type StepRecord } from './state.js';
import { buildNamed, stepAgainstGood, type StepContext } from './step.js';

export interface BisectResult {
  answer: BisectAnswer;
  /** the answer line and the evidence table */
  text: string;
}

function verdictLine(s: StepRecord): string {
  const ratio = s.ratio === undefined ? '' : ` ratio ${s.ratio.toFixed(3)} [${s.low?.toFixed(3)}, ${s.high?.toFixed(3)}]`;
  return `${s.verdict}${ratio} → ${s.outcome}`;
}

export async function runBisect(range: BisectRange, ctx: StepContext, key: BisectKey): Promise<BisectResult> {
  await mkdir(ctx.dir, { recursive: true });
  const state = await loadState(ctx.dir, key);
  const subjectOf = (id: string) => range.candidates.find((c) => c.id === id)?.subject ?? '';
  let good: LocalBuild | undefined;
  const step = resumable(ctx.dir, state, async (id) => {
    good ??= await buildNamed(range.specOf(range.good.id), 'good', ctx.say);
    const c: Candidate = { id, subject: subjectOf(id) };
    return stepAgainstGood(ctx, good, c, range.specOf(id));
  });
  const bad = range.candidates[range.candidates.length - 1]!;
  ctx.say(`[bisect] confirming that ${bad.id.slice(0, 12)} (bad) regressed against ${range.good.id.slice(0, 12)} (good)`);
  const confirmed = await step(bad.id);
  ctx.say(`[bisect] bad against good: ${verdictLine(confirmed)}`);
  let n = 0;
  const answer: BisectAnswer =
    confirmed.outcome !== 'bad'
      ? { kind: 'no-regression', verdict: confirmed.verdict }
      : await bisectCommits(
          range.candidates.map((c) => c.id),
          async (id, left) => {
            ctx.say(`[bisect] step ${++n}: ${id.slice(0, 12)} ${subjectOf(id)} (${left} left to search, about ${stepsLeft(left)} steps)`);
            const s = await step(id);
            ctx.say(`[bisect] ${id.slice(0, 12)}: ${verdictLine(s)}`);
            return s.outcome;
          },
        );
  const line = answerLine(answer, subjectOf);
  await writeBisectReport(ctx.dir, state, range.good, answer, line);
  return { answer, text: [line, '', evidenceTable(state), '', `bisect.json, bisect.md: ${ctx.dir}`].join('\n') };
}
