// `ksb gather <files…> -o <run dir> [--job <export dir>]`: the output of the N ksb-runner segments of one run
// (files, or `kubectl logs --prefix` of an Indexed Job's pods) as a run directory compare and report read.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { InputError } from '../errors/input-error.js';
import { toCsv, writeFileAtomic } from '../files/atomic-write.js';
import { checkSegments, gatheredRequests, JOB_FILE, readRunnerOutput, type JobRecord } from '../results/gather.js';
import { newManifest, type EngineRecord, type RunManifest } from '../results/manifest.js';
import { runId } from '../results/run-dir.js';
import { REQUEST_COLUMNS, SAMPLE_COLUMNS, SUMMARY_COLUMNS, type SampleRow } from '../results/rows.js';
import { repFigures, summaryRows } from '../results/summary.js';
import { buildPlan, resolveWorkload } from '../workload/resolve.js';
import { VARIANTS, variantNamed } from '../variants/variants.js';
import { collect } from './parse.js';
import { loadWorkload } from './workload-registry.js';
import { loadSamples } from '../results/load-run.js';

async function readJob(path: string): Promise<JobRecord> {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, JOB_FILE) : path;
  if (!existsSync(file))
    throw new InputError(`--job ${path}: no ${JOB_FILE} (expected the directory ksb export k8s-job wrote, or its ${JOB_FILE})`);
  let job: JobRecord;
  try {
    job = JSON.parse(await readFile(file, 'utf8')) as JobRecord;
  } catch (e) {
    throw new InputError(`--job ${file}: not valid JSON (${(e as Error).message})`);
  }
  if (job.kind !== 'ksb-k8s-job' || !job.workload?.scenarios)
    throw new InputError(`--job ${file}: not a ${JOB_FILE} of ksb export k8s-job (kind "${String(job.kind)}")`);
  return job;
}

/** The samples of a `ksb collect` directory, moved onto the gathered run's clock (t_ms from the first segment's start). */
async function readCollect(
  dir: string,
  zeroMs: number,
  endMs: number,
  runId: string,
  variant: string,
): Promise<{ rows: SampleRow[]; warnings: string[] }> {
  const manifestPath = join(dir, 'run.json');
  if (!existsSync(manifestPath)) throw new InputError(`--collect ${dir}: no run.json (expected a directory ksb collect wrote)`);
  let m: { kind?: string; started?: string; ended?: string };
  try {
    m = JSON.parse(await readFile(manifestPath, 'utf8')) as typeof m;
  } catch (e) {
    throw new InputError(`--collect ${manifestPath}: not valid JSON (${(e as Error).message})`);
  }
  const started = Date.parse(m.started ?? '');
  if (m.kind !== 'collect' || !Number.isFinite(started))
    throw new InputError(`--collect ${dir}: not a ksb collect directory (run.json kind "${String(m.kind)}")`);
  const shift = started - zeroMs;
  const rows = (await loadSamples(dir)).map((r) => ({ ...r, run_id: runId, variant, rep: 1, t_ms: r.t_ms + shift }));
  const warnings = ['apiserver samples from ksb collect (' + dir + "), on the runners' clock: the figures assume the clocks agree"];
  const ended = Date.parse(m.ended ?? '');
  if (shift > 0 || (Number.isFinite(ended) && ended < endMs))
    warnings.push(
      `ksb collect's window (${m.started} to ${m.ended ?? '?'}) does not cover the whole run (${new Date(zeroMs).toISOString()} to ${new Date(endMs).toISOString()})`,
    );
  if (!rows.some((r) => r.t_ms < 0)) warnings.push('no apiserver sample before the load started: no baseline for the growth figures');
  return { rows, warnings };
}

export function gatherCommand(version: string): Command {
  return new Command('gather')
    .description('turn the output of ksb-runner segments (files or `kubectl logs --prefix`) into one run directory')
    .argument('<files...>', 'runner output files, or kubectl logs output holding every pod\'s lines ("-" reads stdin)')
    .requiredOption('-o, --out <dir>', 'the run directory to write (must not exist or be empty)')
    .option('--job <dir>', `the directory ksb export k8s-job wrote (its ${JOB_FILE} names the workload's parameters)`)
    .option('--set <key=value>', 'without --job: the workload parameters the run used (repeatable)', collect, [])
    .option('--collect <dir>', 'a directory ksb collect wrote for the same window: its apiserver samples join the run')
    .option('--allow-missing', 'write an incomplete run when segments are missing', false)
    .action(async (files: string[], o: { out: string; job?: string; set: string[]; collect?: string; allowMissing: boolean }) => {
      if (existsSync(o.out) && readdirSync(o.out).length) throw new InputError(`-o ${o.out}: not empty; choose a new directory`);
      const segments = (await Promise.all(files.map((f) => readRunnerOutput(f)))).flat();
      const g = checkSegments(segments, o.allowMissing);
      let job: JobRecord['workload'];
      if (o.job) {
        const rec = await readJob(o.job);
        if (rec.workload.name !== g.workload || rec.variant !== g.variant)
          throw new InputError(
            `--job ${o.job}: describes ${rec.workload.name} (${rec.variant}), the output is ${g.workload} (${g.variant})`,
          );
        if (rec.segments !== g.of) throw new InputError(`--job ${o.job}: has ${rec.segments} segments, the output ${g.of}`);
        job = rec.workload;
      } else {
        const w = resolveWorkload(await loadWorkload(g.workload), o.set);
        job = { name: w.name, description: w.description, params: w.params, seed: w.seed, scenarios: w.scenarios };
      }
      const variant = variantNamed(g.variant);
      if (!variant)
        throw new InputError(
          `${segments[0]!.source}: variant "${g.variant}" is not one this ksb knows (${Object.keys(VARIANTS).join(', ')})`,
        );
      const zero = Math.min(...g.segments.map((s) => s.startMs));
      const ended = Math.max(...g.segments.map((s) => s.endMs ?? s.startMs));
      const id = runId(g.workload, new Date(zero));
      const requests = gatheredRequests(g, id, zero);
      // Each pod's peak memory, as the runner measured it: the client's figure is the largest pod's.
      const samples: SampleRow[] = g.segments
        .filter((s) => s.peakRssBytes !== undefined)
        .map((s) => ({
          run_id: id,
          variant: g.variant,
          rep: 1,
          t_ms: Math.round((s.endMs ?? zero) - zero),
          source: 'engine',
          metric: 'client_rss_bytes',
          value: s.peakRssBytes!,
          labels: `segment="${s.index}"`,
        }));
      const collected = o.collect ? await readCollect(o.collect, zero, ended, id, g.variant) : undefined;
      if (collected) samples.push(...collected.rows);
      const informerScenarios = new Set(
        job.scenarios.filter((s) => s.kind === 'informers' || s.kind === 'reconnect-storm').map((s) => s.name),
      );
      const figures = [repFigures(g.variant, 1, samples, requests, informerScenarios)];
      const engine = g.segments.find((s) => s.engine)?.engine;
      const status = g.problems.length ? 'incomplete' : 'complete';
      const reason = g.problems.length ? g.problems.join('; ') : undefined;
      const engineRecord: EngineRecord = {
        name: 'ksb-runner',
        version: engine?.version ?? 'unknown',
        ...(engine?.go ? { go: engine.go } : {}),
        ...(engine?.client_go ? { client_go: engine.client_go } : {}),
      };
      const base = newManifest({
        runId: id,
        version,
        engine: engineRecord,
        workload: job,
        variants: [g.variant],
        reps: 1,
        targetKind: 'kubeconfig',
        plan: buildPlan(job, g.variant),
      });
      const manifest: RunManifest = {
        ...base,
        host: { hostname: `${g.of} ksb-runner segment(s)`, platform: engine?.platform ?? 'unknown', kernel: '', cores: 0, memory_bytes: 0 },
        started: new Date(zero).toISOString(),
        ended: new Date(ended).toISOString(),
        status,
        reason,
        repetitions: [
          {
            variant: g.variant,
            rep: 1,
            status,
            ...(reason ? { reason } : {}),
            started: new Date(zero).toISOString(),
            ended: new Date(ended).toISOString(),
            seededObjects: 0,
          },
        ],
        warnings: [
          ...(collected
            ? collected.warnings
            : [
                'gathered from ksb-runner segments: no apiserver samples (sample the apiserver with ksb collect for the same window, then --collect)',
              ]),
          ...g.segments.flatMap((s) => s.notes.filter((n) => n.startsWith('ksb-runner:')).map((n) => `segment ${s.index}/${s.of}: ${n}`)),
          ...g.problems,
        ],
      };
      await mkdir(o.out, { recursive: true });
      await writeFileAtomic(join(o.out, 'samples.csv'), toCsv(samples, SAMPLE_COLUMNS));
      await writeFileAtomic(join(o.out, 'requests.csv'), toCsv(requests, REQUEST_COLUMNS));
      await writeFileAtomic(
        join(o.out, 'summary.csv'),
        toCsv(summaryRows(id, g.variant, figures, requests, informerScenarios), SUMMARY_COLUMNS),
      );
      await writeFileAtomic(join(o.out, 'run.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      const synced = g.segments.reduce((a, s) => a + s.synced, 0);
      for (const p of g.problems) process.stderr.write(`warning: ${p}\n`);
      process.stdout.write(
        `gathered ${g.segments.length} of ${g.of} segment(s) of ${g.workload} (${g.variant}): ${requests.length} requests, ${figures[0]!.errors} errors, ${synced} informers synced → ${o.out} (${status})\n`,
      );
    });
}
