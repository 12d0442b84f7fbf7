// The feature gates a server really runs with, as it reports them (kubernetes_feature_enabled on /metrics),
// checked against the gates ksb asked for. Emulation sets every gate not named to the emulated release's
// default, so what was asked is not evidence of what ran.
import { targetGet } from './http-get.js';
import { parsePromText } from './prom-text.js';
import { allGates, type Variant } from '../variants/variants.js';
import type { Connection, RunningTarget } from './target.js';

/** Gates whose value changes what a LIST or an informer costs the apiserver. */
const MATTERS =
  /^(WatchList|StreamingCollectionEncodingTo(JSON|Protobuf)|ConsistentListFromCache|ListFromCacheSnapshot|.*CBOR.*|WatchCacheInitializationPostStartHook|ResilientWatchCacheInitialization|SizeBasedListCostEstimate|WatchListCompression|EtcdRangeStream|ShardedListAndWatch|ConcurrentWatchObjectDecode|APIResponseCompression)$/;

/** Every gate /metrics reports, name → enabled. */
export async function serverGates(c: Connection): Promise<Record<string, boolean>> {
  const res = await targetGet(c, '/metrics', 15_000);
  if (res.status === 403)
    throw new Error(
      'GET /metrics was denied (403): the kubeconfig user needs `get` on the non-resource URL /metrics (e.g. the system:monitoring ClusterRole)',
    );
  if (res.status !== 200) throw new Error(`GET /metrics returned ${res.status}`);
  return gatesFromMetrics(res.body);
}

export function gatesFromMetrics(text: string): Record<string, boolean> {
  const gates: Record<string, boolean> = {};
  for (const s of parsePromText(text)) if (s.name === 'kubernetes_feature_enabled' && s.labels.name) gates[s.labels.name] = s.value === 1;
  return gates;
}

/** The gates worth recording in run.json, in name order. */
export function gatesThatMatter(all: Record<string, boolean>): Record<string, boolean> {
  return Object.fromEntries(
    Object.keys(all)
      .filter((g) => MATTERS.test(g))
      .sort()
      .map((g) => [g, all[g]!]),
  );
}

interface GateDifference {
  gate: string;
  asked: boolean;
  /** undefined: the server does not report the gate at all */
  found: boolean | undefined;
}

/** Gates asked for that the server runs otherwise (or does not report). */
export function gateDifferences(asked: Record<string, boolean>, found: Record<string, boolean>): GateDifference[] {
  return Object.entries(asked)
    .filter(([gate, value]) => found[gate] !== value)
    .map(([gate, value]) => ({ gate, asked: value, found: found[gate] }));
}

function describeDifference(d: GateDifference): string {
  return `${d.gate}: asked ${d.asked}, the server runs ${d.found === undefined ? 'without reporting it' : d.found}`;
}

/**
 * After a target started: the gates it runs with. Where ksb set the gates (mock, local, kind), one that is not
 * in effect fails the repetition; a kubeconfig cluster's gates are its owner's, so a variant it contradicts
 * is labelled (its needed features were checked at connect).
 */
export async function verifyServerGates(
  target: RunningTarget,
  variant: Variant,
): Promise<{ found: Record<string, boolean>; contradicted: string[] }> {
  const all = await serverGates(target);
  const found = gatesThatMatter(all);
  if (target.info.kind !== 'kubeconfig') {
    const diffs = gateDifferences(target.info.featureGates, all);
    if (diffs.length)
      throw new Error(
        `variant ${variant.name}: the ${target.info.kind} target does not run the gates it was started with (kubernetes_feature_enabled on /metrics): ${diffs.map(describeDifference).join('; ')}`,
      );
    return { found, contradicted: [] };
  }
  const contradicted = gateDifferences(allGates(variant), all).filter((d) => d.found !== undefined);
  return { found, contradicted: contradicted.map(describeDifference) };
}
