// What each scenario kind does in one k6 iteration, and the k6 options that schedule it.
import exec from 'k6/execution';
import http from 'k6/http';
import { clientGoList, runClientGoInformers, scenarioStart } from './client-go';
import { collectionPath, targetFromEnv } from './env';
import { SyncHold } from './hold';
import { Informer } from './informer';
import { listOnce, listPaginated, type ListResult } from './list';
import type { ChurnScenario, InformersScenario, Plan, ListStormScenario, ReconnectStormScenario, Scenario } from '../plan/plan';
import { record } from './record';
import { arrivalTimeMs } from '../plan/stages';
import { setTimeout } from 'k6/timers';

/** Informers handled by this iteration: a contiguous, non-overlapping slice, even across execution segments. */
export function informerSlice(count: number, perVU: number, iterationInTest: number): number[] {
  const first = iterationInTest * perVU;
  const ids: number[] = [];
  for (let i = first; i < Math.min(first + perVU, count); i++) ids.push(i);
  return ids;
}

/** Client-side drop times of a reconnect storm (absolute ms), the same for both clients and the harness. */
function dropTimes(sc: InformersScenario | ReconnectStormScenario, start: number): number[] {
  const dropAt: number[] = [];
  if (sc.kind === 'reconnect-storm' && sc.trigger === 'client') for (let i = 1; i <= sc.drops; i++) dropAt.push(start + i * sc.dropAfterMs);
  return dropAt;
}

/** Waits for an informer's moment on the arrival profile (now, without one). */
async function arrival(start: number, id: number, stages: InformersScenario['stages']): Promise<void> {
  const wait = start + arrivalTimeMs(id, stages) - Date.now();
  if (wait > 0) await new Promise<void>((r) => setTimeout(r, wait));
}

async function runInformers(plan: Plan, sc: InformersScenario | ReconnectStormScenario): Promise<void> {
  const start = scenarioStart();
  const ids = informerSlice(sc.count, plan.informersPerVU, exec.scenario.iterationInTest);
  if (!ids.length) return;
  const stages = sc.kind === 'informers' ? sc.stages : undefined;
  const dropAt = dropTimes(sc, start);
  if (sc.client.kind === 'client-go') {
    if (!stages) return runClientGoInformers(plan, sc, ids[0]!, ids.length, { start, dropAt });
    // Each informer (a controller of its own) starts at its moment on the profile; all stay until the last
    // has arrived plus the hold.
    const openUntil = start + arrivalTimeMs(sc.count - 1, stages) + sc.holdMs;
    await Promise.all(
      ids.map(async (id) => {
        await arrival(start, id, stages);
        return runClientGoInformers(plan, sc, id, 1, { start, dropAt, openUntil });
      }),
    );
    return;
  }
  const env = targetFromEnv();
  // Informers stay until every informer of this VU synced plus the hold; a reconnect storm keeps its schedule.
  const hold = sc.kind === 'informers' ? new SyncHold(ids.length, start + sc.syncTimeoutMs, sc.holdMs) : SyncHold.fixed(start + sc.holdMs);
  await Promise.all(
    ids.map(async (id) => {
      await arrival(start, id, stages);
      return new Informer(env, plan, {
        id,
        scenario: sc.name,
        resource: sc.resource,
        namespace: sc.namespace,
        listResourceVersion: sc.listResourceVersion,
        dropAt,
        hold,
      }).run();
    }),
  );
}

async function runListStorm(plan: Plan, sc: ListStormScenario): Promise<void> {
  const whole = { resourceVersion: sc.mode === 'rv0' ? '0' : undefined };
  let r: ListResult;
  if (sc.client === 'client-go') {
    r =
      sc.mode === 'paginated'
        ? await listPaginated((page) => clientGoList(sc, page, plan.variant), sc.pageSize)
        : await clientGoList(sc, whole, plan.variant);
  } else {
    const env = targetFromEnv();
    const t = { resource: sc.resource, namespace: sc.namespace, accept: sc.accept };
    const readBody = plan.expectedListBytes <= plan.readBodyLimitBytes;
    r =
      sc.mode === 'paginated'
        ? await listPaginated((page) => listOnce(env, t, page, true), sc.pageSize)
        : await listOnce(env, t, whole, readBody);
  }
  record(
    {
      scenario: sc.name,
      op: 'list',
      status: r.status,
      durationMs: r.durationMs,
      ttfbMs: r.ttfbMs,
      bytes: r.bytes,
      objects: r.objects,
      error: r.error,
    },
    plan.variant,
  );
}

function runChurn(plan: Plan, sc: ChurnScenario): void {
  const env = targetFromEnv();
  const i = Math.floor(Math.random() * sc.objects);
  const name = `ksb-${String(i).padStart(6, '0')}`;
  const body = JSON.stringify({ metadata: { annotations: { 'kube-stream-bench/churn': String(Date.now()) } } });
  const res = http.patch(env.baseUrl + collectionPath(sc.resource, sc.namespace) + '/' + name, body, {
    headers: { ...env.headers, 'Content-Type': 'application/merge-patch+json' },
    responseType: 'none',
    tags: { name: `PATCH ${sc.resource}` },
  });
  record(
    {
      scenario: sc.name,
      op: 'patch',
      status: res.status,
      durationMs: res.timings.duration,
      ttfbMs: res.timings.waiting,
      error: res.error || (res.status !== 200 ? `HTTP ${res.status}` : undefined),
    },
    plan.variant,
  );
}

export function runScenario(plan: Plan, name: string): Promise<void> | void {
  const sc = plan.scenarios.find((s) => s.name === name);
  if (!sc) throw new Error(`no scenario ${name} in this script`);
  switch (sc.kind) {
    case 'informers':
    case 'reconnect-storm':
      return runInformers(plan, sc);
    case 'list-storm':
      return runListStorm(plan, sc);
    case 'churn':
      return runChurn(plan, sc);
  }
}

function duration(ms: number): string {
  return `${Math.max(0, Math.ceil(ms))}ms`;
}

/** k6 scenario options for one scenario of the plan. */
export function scenarioOptions(plan: Plan, sc: Scenario): Record<string, unknown> {
  const common = {
    exec: sc.name,
    startTime: duration(sc.startAfterMs),
    gracefulStop: '30s',
    tags: { variant: plan.variant, scenario: sc.name },
  };
  switch (sc.kind) {
    case 'informers':
    case 'reconnect-storm': {
      const vus = Math.ceil(sc.count / plan.informersPerVU);
      const syncTimeoutMs = sc.kind === 'informers' ? sc.syncTimeoutMs : plan.syncTimeoutMs;
      return { ...common, executor: 'per-vu-iterations', vus, iterations: 1, maxDuration: duration(sc.holdMs + syncTimeoutMs + 30_000) };
    }
    case 'list-storm':
      return {
        ...common,
        executor: 'per-vu-iterations',
        vus: sc.concurrency,
        iterations: sc.repeats,
        maxDuration: duration(plan.syncTimeoutMs * sc.repeats),
      };
    case 'churn':
      return {
        ...common,
        executor: 'constant-arrival-rate',
        rate: sc.ratePerSecond,
        timeUnit: '1s',
        duration: duration(sc.durationMs),
        preAllocatedVUs: Math.min(sc.ratePerSecond, 10),
        maxVUs: Math.max(10, sc.ratePerSecond),
      };
  }
}

/** Evaluated in k6's init context, so the TLS choice comes from the environment, not the script. */
export function k6Options(plan: Plan): Record<string, unknown> {
  const scenarios: Record<string, unknown> = {};
  for (const sc of plan.scenarios) scenarios[sc.name] = scenarioOptions(plan, sc);
  return {
    scenarios,
    insecureSkipTLSVerify: __ENV.KSB_INSECURE_SKIP_TLS_VERIFY === 'true',
    ...(__ENV.KSB_CLIENT_CERT ? { tlsAuth: [{ cert: __ENV.KSB_CLIENT_CERT, key: __ENV.KSB_CLIENT_KEY }] } : {}),
    discardResponseBodies: false,
    summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(99)', 'max'],
    tags: { workload: plan.workload, variant: plan.variant },
  };
}

/** setup(): fail fast, with a readable message, when the target is unreachable or refuses us. */
export function checkTarget(): void {
  const env = targetFromEnv();
  const res = http.get(`${env.baseUrl}/version`, { headers: env.headers, tags: { name: 'version' } });
  if (res.status !== 200) {
    throw new Error(`target ${env.baseUrl} is not answering /version (status ${res.status}${res.error ? `: ${res.error}` : ''})`);
  }
}
