// One place where a workload's parameters are resolved: defaults, then --set overrides, validated once.
import { PLAN_FORMAT, type Accept, type Plan, type Scenario } from '../plan/plan.js';
import type { SeedSpec, WorkloadDefinition } from './define.js';
import { ParamError, parseParam } from './params.js';
import { variantNamed } from './variants.js';

export interface ResolvedWorkload {
  name: string;
  description: string;
  params: Record<string, number | string | boolean>;
  seed: SeedSpec;
  scenarios: Scenario[];
}

/** Parses ["informers=32", "objectSize=1MiB"]; unknown keys and bad values throw ParamError naming them. */
export function parseSets(def: WorkloadDefinition, sets: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new ParamError(`--set ${JSON.stringify(s)}: expected key=value`);
    const key = s.slice(0, eq).trim();
    if (!(key in def.params)) {
      throw new ParamError(`--set ${key}: ${def.name} has no parameter "${key}" (it has: ${Object.keys(def.params).join(', ')})`);
    }
    out[key] = s.slice(eq + 1);
  }
  return out;
}

const SCENARIO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkScenarios(workload: string, scenarios: Scenario[]): void {
  const seen = new Set<string>();
  scenarios.forEach((sc, i) => {
    const where = `${workload}: scenarios[${i}]`;
    if (!SCENARIO_NAME.test(sc.name))
      throw new ParamError(`${where}.name: expected an identifier like informers or list_storm, got ${JSON.stringify(sc.name)}`);
    if (seen.has(sc.name)) throw new ParamError(`${where}.name: duplicate scenario name ${JSON.stringify(sc.name)}`);
    seen.add(sc.name);
    const positive = (field: string, v: number) => {
      if (!Number.isInteger(v) || v <= 0) throw new ParamError(`${where}.${field}: expected a positive integer, got ${v}`);
    };
    if (sc.kind === 'informers' || sc.kind === 'reconnect-storm') positive('count', sc.count);
    if (sc.kind === 'list-storm') {
      positive('concurrency', sc.concurrency);
      positive('repeats', sc.repeats);
      // k6/http hands the JS client protobuf as bytes it cannot read: no continue token, so no second page.
      if (sc.client === 'js' && sc.accept !== 'json' && sc.mode === 'paginated') {
        throw new ParamError(
          `${where}: accept=${sc.accept} with client=js cannot paginate (the JS client does not decode ${sc.accept}); use client=client-go`,
        );
      }
    }
    if (sc.kind === 'churn') positive('ratePerSecond', sc.ratePerSecond);
  });
}

export function resolveWorkload(def: WorkloadDefinition, sets: string[]): ResolvedWorkload {
  const overrides = parseSets(def, sets);
  const params: Record<string, number | string | boolean> = {};
  for (const [name, spec] of Object.entries(def.params)) {
    params[name] = parseParam(name, spec, overrides[name] ?? spec.default);
  }
  const scenarios = def.scenarios(params as never);
  checkScenarios(def.name, scenarios);
  return { name: def.name, description: def.description, params, seed: def.seed(params as never), scenarios };
}

/** The scenarios with every client speaking one encoding (a cell of --content-types). */
function speaking(w: ResolvedWorkload, ct: Accept): Scenario[] {
  return w.scenarios.map((sc, i) => {
    if (sc.kind === 'list-storm') return { ...sc, accept: ct };
    if (sc.kind === 'churn') return sc;
    if (sc.client.kind === 'js' && ct !== 'json')
      throw new ParamError(
        `--content-types ${ct}: ${w.name}: scenarios[${i}] uses client=js, whose informers speak JSON only; use client=client-go`,
      );
    return { ...sc, client: { ...sc.client, contentType: ct } };
  });
}

export interface PlanTuning {
  informersPerVU: number;
  readBodyLimitBytes: number;
  syncTimeoutMs: number;
}

export const DEFAULT_TUNING: PlanTuning = { informersPerVU: 25, readBodyLimitBytes: 8 * 1024 * 1024, syncTimeoutMs: 120_000 };

export function buildPlan(w: ResolvedWorkload, variant: string, tuning: PlanTuning = DEFAULT_TUNING): Plan {
  const v = variantNamed(variant);
  if (!v) throw new ParamError(`--variant: unknown variant "${variant}"`);
  return {
    format: PLAN_FORMAT,
    workload: w.name,
    variant,
    clientMode: v.clientMode,
    scenarios: v.contentType ? speaking(w, v.contentType) : w.scenarios,
    informersPerVU: tuning.informersPerVU,
    readBodyLimitBytes: tuning.readBodyLimitBytes,
    expectedListBytes: w.seed.count * w.seed.objectBytes,
    syncTimeoutMs: tuning.syncTimeoutMs,
  };
}
