// A bisect's result, written atomically in its directory: bisect.json (the inputs, the answer, every step) and
// bisect.md (the answer and the evidence table: each commit tested, the metric for good and for it, the ratio with
// its 95% interval, the verdict), and the same table for the terminal.
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { formatValue, metricByKey } from '../metrics/metrics.js';
import type { Candidate } from './range.js';
import type { SearchResult } from './search.js';
import type { BisectState, StepRecord } from './state.js';

export type BisectAnswer =
  | SearchResult
  /** bad did not regress against good: nothing to search */
  | { kind: 'no-regression'; verdict: string };

export function answerLine(answer: BisectAnswer, subjectOf: (id: string) => string): string {
  switch (answer.kind) {
    case 'found':
      return `first bad commit: ${answer.commit} ${subjectOf(answer.commit)}`;
    case 'ambiguous':
      return `only skipped commits were left; the first bad commit is one of: ${answer.candidates.map((c) => c.slice(0, 12)).join(', ')}`;
    case 'no-regression':
      return `no regression in the range: bad against good is ${answer.verdict}, so there is nothing to bisect`;
  }
}

function cells(s: StepRecord, metric: string): string[] {
  const unit = metricByKey(metric).unit;
  const shown = (v?: number) => (v === undefined ? '—' : formatValue(v, unit));
  const ratio =
    s.ratio === undefined
      ? '—'
      : `${s.ratio.toFixed(3)} [${Number.isFinite(s.low) ? s.low!.toFixed(3) : '?'}, ${Number.isFinite(s.high) ? s.high!.toFixed(3) : '?'}]`;
  return [s.commit.slice(0, 12), s.subject, shown(s.goodValue), shown(s.value), ratio, s.verdict, s.outcome, String(s.reps)];
}

/** The evidence as a Markdown table, in the order the steps ran (the confirmation, bad against good, first). */
export function evidenceTable(state: BisectState): string {
  const header = ['commit', 'subject', `${state.key.metric} good`, 'at commit', 'ratio [95% CI]', 'verdict', 'taken as', 'reps'];
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...state.steps.map((s) => `| ${cells(s, state.key.metric).join(' | ')} |`),
  ].join('\n');
}

export async function writeBisectReport(
  dir: string,
  state: BisectState,
  good: Candidate,
  answer: BisectAnswer,
  line: string,
): Promise<void> {
  const k = state.key;
  const json = {
    kind: 'ksb-bisect',
    key: k,
    good,
    answer,
    first_bad_commit: answer.kind === 'found' ? answer.commit : null,
    steps: state.steps,
  };
  await writeFileAtomic(join(dir, 'bisect.json'), `${JSON.stringify(json, null, 2)}\n`);
  const md = [
    `# ksb bisect: ${k.workload}, ${k.variant}, ${k.metric}`,
    '',
    `${k.source}: good ${k.good}, bad ${k.bad}; threshold ${Math.round(k.threshold * 100)}%${k.sets.length ? `; --set ${k.sets.join(' ')}` : ''}.`,
    '',
    `**${line}**`,
    '',
    evidenceTable(state),
    '',
  ].join('\n');
  await writeFileAtomic(join(dir, 'bisect.md'), md);
}
