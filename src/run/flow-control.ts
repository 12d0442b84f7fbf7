// The flow-control stage of a repetition, after seeding and before sampling: who the load is, and which API Priority
// and Fairness flow schemas its requests land in; with --flow-schema, ksb's own priority level and per-verb schemas
// made first. What it finds goes to run.json (names only) and tells the figures which APF series are the load's.
import type { ApfRecord } from '../results/manifest.js';
import {
  applyFlowControl,
  deleteFlowControl,
  landedFlowSchema,
  verbSchemas,
  waitForFlowSchema,
  waitForStoredCount,
  whoAmI,
} from '../targets/flow-control.js';
import { loadConnection, type RunningTarget } from '../targets/target.js';
import type { Repetition, RunContext } from './run-context.js';

const MOCK_NOTE = 'the mock has no API Priority and Fairness';
/** kube-apiserver reads the counts every minute by default (--etcd-count-metric-poll-period), with jitter. */
const COUNT_WAIT_MS = 90_000;

export async function setUpFlowControl(ctx: RunContext, r: Repetition, target: RunningTarget): Promise<void> {
  const { o, log } = ctx;
  if (target.info.kind === 'mock') {
    r.record.apf = { schemas: [], note: MOCK_NOTE };
    return;
  }
  const load = loadConnection(target);
  const { namespace, resource } = ctx.workload.seed;
  // A request the load makes anyway: a LIST of one of its objects, as the load's user.
  const probe = `/api/v1/namespaces/${namespace}/${resource}?limit=1`;
  const who = await whoAmI(load).catch(() => (target.load ? { user: target.load.user, groups: target.load.groups } : undefined));
  const named: Pick<ApfRecord, 'user' | 'groups'> = who ? { user: who.user, groups: who.groups } : {};
  if (o.flowSchema) {
    if (!who?.user) throw new Error(`--flow-schema: could not tell which user the load runs as (SelfSubjectReview failed)`);
    if (who.groups.includes('system:masters'))
      throw new Error(
        `--flow-schema: the load runs as ${who.user} in group system:masters, which API Priority and Fairness exempts before any flow schema; use credentials outside system:masters`,
      );
    const s = verbSchemas(o.flowSchema);
    await applyFlowControl(target, o.flowSchema, who.user);
    await waitForFlowSchema(load, target, probe, s.list);
    r.record.apf = { ...named, schemas: [s.list, s.watch, s.other], list: s.list, watch: s.watch };
    log(
      `[${r.label}] APF: the load (user ${who.user}) runs in priority level ${o.flowSchema}, flow schemas ${s.list}, ${s.watch}, ${s.other}`,
    );
    await waitForCount(ctx, r, target);
    return;
  }
  const landed = await landedFlowSchema(load, target, probe).catch((e: Error) => e);
  if (landed instanceof Error) {
    r.record.apf = { ...named, schemas: [], note: landed.message };
    log(`[${r.label}] APF: ${landed.message}`);
    return;
  }
  // Exempt requests are never estimated: there are no seats to report.
  r.record.apf =
    landed === 'exempt'
      ? { ...named, schemas: [], note: 'the load is exempt from API Priority and Fairness (flow schema exempt)' }
      : { ...named, schemas: [landed] };
  log(`[${r.label}] APF: the load (user ${who?.user ?? 'unknown'}) lands in flow schema ${landed}`);
  if (landed !== 'exempt') await waitForCount(ctx, r, target);
}

/** APF prices a LIST by the collection's size as last read from etcd: waits for the read that saw the seeding. */
async function waitForCount(ctx: RunContext, r: Repetition, target: RunningTarget): Promise<void> {
  const { resource, count } = ctx.workload.seed;
  const t0 = Date.now();
  const counted = await waitForStoredCount(target, resource, count, COUNT_WAIT_MS);
  if (counted === 'timed-out')
    ctx.warn(
      `${r.label}: the server did not count the ${count} seeded ${resource} within ${COUNT_WAIT_MS / 1000} s (apiserver_storage_objects): APF may have priced LISTs as of before the seeding`,
    );
  else if (counted === 'counted' && Date.now() - t0 > 5000)
    ctx.log(
      `[${r.label}] waited ${((Date.now() - t0) / 1000).toFixed(0)} s for the server to count the seeded ${resource} (APF prices a LIST by that count)`,
    );
}

/** A kubeconfig cluster outlives the run: what --flow-schema made there goes (local and kind clusters go whole). */
export async function tearDownFlowControl(ctx: RunContext, r: Repetition, target: RunningTarget | undefined): Promise<void> {
  if (!ctx.o.flowSchema || target?.info.kind !== 'kubeconfig') return;
  await deleteFlowControl(target, ctx.o.flowSchema).catch((e: Error) =>
    ctx.log(`[${r.label}] --flow-schema: removing ${ctx.o.flowSchema}: ${e.message}`),
  );
}
