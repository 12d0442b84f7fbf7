// `ksb bisect <workload> --kube-source <dir> --good <ref> --bad <ref>` or `--kube-versions 1.34.0..1.34.10`: the
// first commit (or release) whose kube-apiserver regressed. Exit 0 found, 1 no regression in the range, 2 bad input.
import { join } from 'node:path';
import { Command } from 'commander';
import { runBisect } from '../bisect/bisect.js';
import { checkoutRange, versionRange, type BisectRange } from '../bisect/range.js';
import { InputError } from '../errors/input-error.js';
import { VARIANTS } from '../variants/variants.js';
import { resolveWorkload } from '../workload/resolve.js';
import { addEngineFlags, engineFromFlags, type EngineFlags } from './engine-flags.js';
import { collect, parseMetric, parsePositiveInt, parseThreshold } from './parse.js';
import { loadWorkload } from './workload-registry.js';

interface BisectFlags {
  kubeSource?: string;
  good?: string;
  bad?: string;
  kubeVersions?: string;
  variant: string;
  metric: string;
  threshold: number;
  reps: number;
  maxReps?: number;
  set: string[];
  out?: string;
}

/** The range the flags name: a checkout from --good to --bad, or --kube-versions; anything else refused. */
function rangeOf(o: BisectFlags): Promise<BisectRange> {
  if (o.kubeVersions !== undefined) {
    const extra = [o.kubeSource && '--kube-source', o.good && '--good', o.bad && '--bad'].filter(Boolean);
    if (extra.length) throw new InputError(`--kube-versions: bisects releases; drop ${extra.join(', ')}`);
    return versionRange(o.kubeVersions);
  }
  if (o.kubeSource === undefined) throw new InputError('--kube-source: expected a Kubernetes checkout to bisect (or --kube-versions a..b)');
  if (o.good === undefined || o.bad === undefined) throw new InputError(`--${o.good === undefined ? 'good' : 'bad'}: expected a git ref`);
  return checkoutRange(o.kubeSource, o.good, o.bad);
}

export function bisectCommand(version: string): Command {
  const cmd = new Command('bisect')
    .description('find the first commit (or release) whose kube-apiserver regressed a metric against a good one (local target)')
    .argument('<workload>', 'built-in workload name or path to a workload .ts file')
    .option(
      '--kube-source <dir>',
      "the Kubernetes checkout whose commits are bisected (left untouched: builds run in a worktree of ksb's own)",
    )
    .option('--good <ref>', 'a commit that is good')
    .option('--bad <ref>', 'a later commit that regressed')
    .option('--kube-versions <a..b>', 'bisect released versions instead, as the Go module proxy serves them, e.g. 1.34.0..1.34.10')
    .option('--variant <variant>', 'the variant judged: legacy or streaming', 'streaming')
    .option('--metric <metric>', 'the metric judged', parseMetric, 'apiserver_rss_peak_bytes')
    .option('--threshold <percent>', 'smallest change called a regression', parseThreshold, 0.1)
    .option('--reps <n>', 'repetitions a side per step (base and candidate interleaved)', parsePositiveInt, 3)
    .option('--max-reps <n>', 'repetitions a side before an inconclusive step is skipped (default: 2 × --reps)', parsePositiveInt)
    .option('--set <key=value>', 'override a workload parameter (repeatable)', collect, [])
    .option('--out <dir>', 'the bisect directory (state, runs, bisect.json/.md); the same one resumes (default: results/bisect-…)');
  return addEngineFlags(cmd).action(async (name: string, o: BisectFlags & EngineFlags) => {
    if (!VARIANTS[o.variant]) throw new InputError(`--variant: expected legacy or streaming, got "${o.variant}"`);
    const workload = await loadWorkload(name);
    resolveWorkload(workload, o.set);
    const range = await rangeOf(o);
    if (!range.candidates.length) throw new InputError('--good and --bad: no commit between them');
    const bad = range.candidates[range.candidates.length - 1]!.id;
    const dir = o.out ?? join('results', `bisect-${workload.name}-${range.good.id.slice(0, 12)}-${bad.slice(0, 12)}`);
    const key = {
      workload: workload.name,
      sets: o.set,
      variant: o.variant,
      metric: o.metric,
      threshold: o.threshold,
      source: range.source,
      good: range.good.id,
      bad,
    };
    const say = (l: string) => process.stderr.write(`${l}\n`);
    const engine = await engineFromFlags(o, say);
    const ctx = {
      workload,
      sets: o.set,
      variant: o.variant,
      metric: o.metric,
      threshold: o.threshold,
      reps: o.reps,
      maxReps: o.maxReps ?? 2 * o.reps,
      dir,
      engine,
      version,
      say,
    };
    const result = await runBisect(range, ctx, key);
    process.stdout.write(`${result.text}\n`);
    process.exitCode = result.answer.kind === 'found' ? 0 : 1;
  });
}
