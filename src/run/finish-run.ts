// How a run ended, in run.json and in the summary it prints.
import { clientBottleneckWarnings, describeClientLines } from '../results/client-cost.js';
import { describeEngine, gitVersion, type RepRecord, type RunManifest } from '../results/manifest.js';
import { abPairs } from '../variants/variants.js';
import { formatContentMatrix } from './content-matrix.js';
import { haLines } from './ha-summary.js';
import { formatOutcome, formatRatios, formatVariantSummary } from './print-summary.js';
import type { RunContext } from './run-context.js';
import { writeResults } from './write-results.js';

/** After the last repetition: the run's status and reason from its repetitions', written. */
export async function finishRun(ctx: RunContext): Promise<void> {
  const { manifest } = ctx;
  const aborted = ctx.interrupts.aborted;
  const crashed = manifest.repetitions.filter((r) => r.status === 'target-crashed');
  const failed = manifest.repetitions.filter((r) => r.status === 'incomplete');
  const whyOf = (rs: RepRecord[]) => rs.map((r) => `${r.variant} rep ${r.rep}: ${r.reason}`).join('; ');
  manifest.status = aborted || failed.length ? 'incomplete' : crashed.length ? 'target-crashed' : 'complete';
  manifest.reason = aborted
    ? 'interrupted'
    : failed.length
      ? `${whyOf(failed)}${ctx.stopAfterThis ? '; stopped there (--no-keep-going)' : ''}`
      : crashed.length
        ? whyOf(crashed)
        : undefined;
  manifest.ended = new Date().toISOString();
  await writeResults(ctx);
}

/** A run that failed on an error: written as incomplete, with the error as its reason. */
export async function failRun(ctx: RunContext, e: unknown): Promise<void> {
  ctx.manifest.status = 'incomplete';
  ctx.manifest.reason = (e as Error).message;
  ctx.manifest.ended = new Date().toISOString();
  await writeResults(ctx);
}

/** The text `ksb run` prints at the end: the server, engine and clients, each variant's figures, the ratios. */
export function summaryText(ctx: RunContext): string {
  const { manifest, figures, o } = ctx;
  return [
    ...serverLine(manifest),
    `engine: ${describeEngine(manifest)}`,
    `clients: ${describeClientLines(manifest.clients).join('; ')}`,
    ...o.variants.map((v) => formatVariantSummary(v, figures)),
    ...abPairs(o.variants).flatMap(([a, b]) => ['', ...formatRatios(a, b, figures)]),
    ...(abPairs(o.variants).length ? [] : formatOutcome(o.variants, figures)),
    ...(o.variants.some((v) => v.includes('@')) ? ['', ...formatContentMatrix(o.variants, figures)] : []),
    ...haLines(manifest.repetitions),
    ...clientBottleneckWarnings(figures),
    ...contradictionLines(manifest),
    ...(manifest.warnings ?? []).map((w) => `warning: ${w}`),
  ].join('\n');
}

/** A kubeconfig cluster that runs a variant's gates otherwise: its figures are not that variant as defined. */
function contradictionLines(manifest: RunManifest): string[] {
  const byVariant = new Map<string, string[]>();
  for (const r of manifest.repetitions) if (r.gate_contradictions?.length) byVariant.set(r.variant, r.gate_contradictions);
  return [...byVariant].map(
    ([variant, gates]) =>
      `not ${variant} as defined: the cluster runs ${gates.join('; ')}; these figures are of ${variant}'s client against that server`,
  );
}

/** Which server the figures came from, when it ran as another release (emulation). */
function serverLine(manifest: RunManifest): string[] {
  const emulated = manifest.target.emulated_version;
  const rep = manifest.repetitions.find((r) => r.target);
  if (!emulated || !rep) return [];
  return [`server: kube-apiserver ${gitVersion(rep) ?? '?'} emulating ${emulated} (gates not set run at their ${emulated} defaults)`];
}
