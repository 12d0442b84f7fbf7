// report.md: GitHub-flavoured markdown for a PR comment — the verdict table first, then details and charts.
import { clientBottleneckWarnings, describeClientLines } from '../results/client-cost.js';
import { regressedGates, ungatedDefaults } from '../compare/compare.js';
import type { ComparisonResult } from '../compare/comparison.js';
import { detectableColumn, ratioColumn, repetitionsLine, sentence, sideCell, ungatedLine } from '../compare/format.js';
import type { LoadedRun } from '../results/load-run.js';
import { describeEngine, gitVersion } from '../results/manifest.js';
import { METRICS } from '../metrics/metrics.js';
import { outcomeLine, usableValues } from '../results/target-end.js';
import type { Chart } from './charts.js';
import type { MermaidChart } from './mermaid.js';

const VERDICT_MARK: Record<string, string> = {
  improved: '✅ improved',
  regressed: '❌ **regressed**',
  unchanged: '➖ unchanged',
  inconclusive: '❔ inconclusive',
};

function verdictTable(c: ComparisonResult): string {
  const lines: string[] = [];
  for (const p of c.pairs) {
    lines.push(`**${p.candidate.label} vs ${p.baseline.label}**, ${repetitionsLine(p.rows)}`, '');
    if (p.outcome) lines.push(`**Outcome:** ${p.outcome}`, '');
    lines.push(
      `| metric | ${p.baseline.label} | ${p.candidate.label} | ratio [95% CI] | detects | verdict |`,
      '|---|---:|---:|---:|---:|---|',
    );
    for (const r of p.rows) {
      const note = r.note ? ` (${r.note})` : '';
      lines.push(
        `| ${r.metric}${r.gated ? ' 🔒' : ''} | ${sideCell(r.baselineValues, r.unit)} | ${sideCell(r.candidateValues, r.unit)} | ${ratioColumn(r)} | ${detectableColumn(r)} | ${VERDICT_MARK[r.verdict]}${note} |`,
      );
    }
    const ungated = ungatedLine(ungatedDefaults(p.rows));
    lines.push(...(ungated ? ['', `🔓 ${ungated}`] : []), '');
  }
  return lines.join('\n');
}

/** Without a comparison (one variant): the figures of each series, mean ± σ over repetitions. */
function figuresTable(runs: LoadedRun[]): string {
  const series = runs.flatMap((run) =>
    run.manifest.variants.map((v) => ({ label: v.name, figures: run.figures.filter((f) => f.variant === v.name) })),
  );
  const outcome = outcomeLine(series);
  const lines = [
    ...(outcome ? [`**Outcome:** ${outcome}`, ''] : []),
    `| metric | ${series.map((s) => s.label).join(' | ')} |`,
    `|---|${series.map(() => '---:|').join('')}`,
  ];
  for (const m of METRICS) {
    const cells = series.map((s) => usableValues(s.figures, m.key, m.of));
    if (cells.every((c) => !c.length)) continue;
    lines.push(
      `| ${m.key} | ${cells.map((c) => (c.length > 1 ? `${sideCell(c, m.unit)} (n=${c.length})` : sideCell(c, m.unit))).join(' | ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function runDetails(run: LoadedRun): string {
  const m = run.manifest;
  const versions = [...new Set(m.repetitions.map((r) => gitVersion(r) ?? '?'))].join(', ');
  const gates = m.repetitions
    .filter((r, i, all) => all.findIndex((x) => x.variant === r.variant) === i)
    .map(
      (r) =>
        `${r.variant}: \`${
          Object.entries(r.target?.featureGates ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(',') || 'none'
        }\``,
    )
    .join('; ');
  return [
    `- **${m.run_id}** — ${m.status}${m.reason ? ` (${m.reason})` : ''}; ${m.repetitions.length} repetitions, ${m.started} → ${m.ended ?? '…'}`,
    `  - workload \`${m.workload.name}\`: ${Object.entries(m.workload.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
    `  - target \`${m.target.kind}\`, apiserver ${versions}; gates ${gates}`,
    ...describeClientLines(m.clients).map((l) => `  - client ${l}`),
    ...clientBottleneckWarnings(run.figures).map((w) => `  - **${w}**`),
    `  - ksb ${m.tool.version}${m.tool.git_commit ? ` (${m.tool.git_commit.slice(0, 12)})` : ''}, engine ${describeEngine(m)}, node ${m.tool.node}; host ${m.host.cores} cores, ${(m.host.memory_bytes / 2 ** 30).toFixed(0)} GiB`,
  ].join('\n');
}

/** `heapSites`: the top allocation sites at peak memory per series (a markdown table), or '' without profiles. */
/** GitHub refuses a comment longer than this. */
export const COMMENT_LIMIT = 65_536;
/** What the PR workflow adds: a marker line, and links to the run's artifacts in place of the SVG images. */
export const WORKFLOW_ROOM = 1_000;

/**
 * The Mermaid graphs with their captions, as many as fit: `room` characters are left for them, and the graphs that
 * do not fit are dropped from the end with a note saying so.
 */
export function mermaidSection(graphs: MermaidChart[], room: number): string {
  const parts = graphs.map((g) => `${g.block}\n\n${g.caption}\n`);
  const note = (dropped: number) =>
    `*${dropped} of ${graphs.length} graphs left out to keep this comment under GitHub's ${COMMENT_LIMIT.toLocaleString('en-US')} characters; report.html and the charts beside report.md have them all.*\n`;
  for (let kept = parts.length; kept > 0; kept--) {
    const text = [...parts.slice(0, kept), ...(kept < parts.length ? [note(parts.length - kept)] : [])].join('\n');
    if (text.length <= room) return text;
  }
  return note(parts.length);
}

/**
 * `heapSites`: the top allocation sites at peak memory per series (a markdown table), or '' without profiles.
 * `graphs`: Mermaid graphs for a PR comment (report.md), none for report.html, which draws the Vega charts.
 */
export function reportMarkdown(
  c: ComparisonResult,
  runs: LoadedRun[],
  charts: Chart[],
  heapSites = '',
  graphs: MermaidChart[] = [],
): string {
  const first = runs[0]!.manifest;
  const sentences = c.pairs.flatMap((p) =>
    p.rows
      .filter((r) => /^apiserver_rss|^time_to_synced_p50|^list_latency_p50/.test(r.metric))
      .map((r) => sentence(r, p.baseline.label, p.candidate.label))
      .filter(Boolean),
  );
  const regressed = c.pairs.flatMap((p) => regressedGates(p.rows).map((r) => r.metric));
  const GRAPHS = '<!-- graphs -->';
  const doc = [
    `## kube-stream-bench: \`${first.workload.name}\` on \`${first.target.kind}\``,
    '',
    !c.pairs.length
      ? 'One variant, so nothing is compared: the figures of the run, mean ± σ over repetitions.'
      : regressed.length
        ? `❌ **Gated metrics regressed:** ${regressed.join(', ')}`
        : '✅ No gated metric regressed.',
    '',
    c.pairs.length ? verdictTable(c) : figuresTable(runs),
    ...sentences.map((s) => `- ${s}`),
    '',
    !c.pairs.length
      ? ''
      : `Ratio: candidate / baseline (of geometric means), with Welch's 95% interval on log values. A metric regressed or improved when its interval excludes 1 and the ratio is beyond ±${Math.round(c.options.threshold * 100)}%; unchanged when the whole interval is within ±${Math.round(c.options.threshold * 100)}%; otherwise inconclusive. Lower is better for every metric. "detects": the change this comparison calls 4 times in 5 at the noise seen. 🔒 marks gated metrics.${c.pairs.some((p) => p.outcome) ? ` Where a side's target was OOM-killed, its curves stop at the kill: its peaks and counters are lower bounds of what it would have used, so the ratio is a bound (≤ or ≥, no interval) and its latencies are left out.` : ''}`,
    '',
    '### Charts',
    '',
    ...(graphs.length
      ? [
          GRAPHS,
          '<details><summary>Every repetition and the distributions (SVG charts beside report.md)</summary>',
          '',
          ...charts.flatMap((ch) => [`![${ch.title}](${ch.file}.svg)`, '']),
          '</details>',
          '',
        ]
      : charts.flatMap((ch) => [`![${ch.title}](${ch.file}.svg)`, ''])),
    ...(heapSites
      ? [
          '### Where the apiserver held its memory at peak',
          '',
          'Top allocation sites of the heap profile taken at the highest RSS (in-use bytes, flat).',
          '',
          heapSites,
          '',
        ]
      : []),
    '<details><summary>Runs</summary>',
    '',
    ...runs.map(runDetails),
    '',
    '</details>',
    '',
  ].join('\n');
  if (!graphs.length) return doc;
  return doc.replace(GRAPHS, mermaidSection(graphs, COMMENT_LIMIT - WORKFLOW_ROOM - (doc.length - GRAPHS.length)));
}
