// Scenarios run by client-go inside k6 (k6/x/kube): informers as controllers run them, and streamed LISTs.
import exec from 'k6/execution';
import kube from 'k6/x/kube';
import type { InformersScenario, Plan, ListStormScenario, ReconnectStormScenario } from '../plan/plan';
import { kubeConnection } from './env';
import type { ListResult } from './list';

/** This VU's informers (ids first … first+count-1): client-go shared informers, one client each unless shared. */
export async function runClientGoInformers(
  plan: Plan,
  sc: InformersScenario | ReconnectStormScenario,
  first: number,
  count: number,
  when: { start: number; dropAt: number[]; openUntil?: number },
): Promise<void> {
  const c = sc.client;
  const reconnect = sc.kind === 'reconnect-storm';
  await kube.informers({
    connection: kubeConnection(c.contentType, c.http1, c.compression),
    resource: sc.resource as 'secrets',
    namespace: sc.namespace,
    count,
    firstId: first,
    mode: plan.clientMode,
    shareClient: c.shareClient,
    keepObjects: c.keepObjects,
    // A reconnect storm keeps its schedule from the scenario's start, as the harness's target restarts do.
    holdMs: reconnect ? 0 : sc.holdMs,
    openUntil: reconnect ? when.start + sc.holdMs : when.openUntil,
    syncTimeoutMs: reconnect ? plan.syncTimeoutMs : sc.syncTimeoutMs,
    dropAt: when.dropAt,
    tags: { variant: plan.variant, scenario: sc.name },
  });
}

/** One LIST through client-go's transport (TLS, HTTP/2, auth), its body streamed and counted, or decoded. */
export async function clientGoList(
  sc: ListStormScenario,
  params: { resourceVersion?: string; limit?: number; continue?: string },
  variant: string,
): Promise<ListResult> {
  const r = await kube.list({
    connection: kubeConnection(sc.accept, false, sc.compression),
    resource: sc.resource as 'configmaps',
    namespace: sc.namespace,
    decode: sc.decode,
    tags: { variant, scenario: sc.name },
    ...params,
  });
  return {
    status: r.status,
    durationMs: r.durationMs,
    ttfbMs: r.ttfbMs ?? 0,
    bytes: r.bytes,
    objects: r.objects,
    resourceVersion: r.resourceVersion,
    continueToken: r.continue,
    error: r.error,
  };
}

/** Which scenario start the informers of this iteration count from. */
export function scenarioStart(): number {
  return exec.scenario.startTime;
}
