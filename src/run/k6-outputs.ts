// `--k6-out <spec>`: k6 outputs a user adds beside the project's own JSON output (which requests.csv is read from).
// A spec is what k6's own `--out` takes: `<type>` or `<type>=<argument>`. Credentials belong in the output's
// environment variables (e.g. K6_PROMETHEUS_RW_PASSWORD); any that a spec carries are masked in logs and run.json.
import { InputError } from '../errors/input-error.js';

/** The output types k6 v1.7 accepts (`k6 run --out bogus` lists them). */
const K6_OUTPUT_TYPES = [
  'cloud',
  'csv',
  'experimental-opentelemetry',
  'experimental-prometheus-rw',
  'influxdb',
  'json',
  'opentelemetry',
  'statsd',
  'web-dashboard',
] as const;

export interface K6Output {
  type: (typeof K6_OUTPUT_TYPES)[number];
  /** the spec as k6 gets it */
  spec: string;
  /** the spec with any userinfo and query string of a URL argument masked: what logs and run.json show */
  shown: string;
}

const MASK = '***';

/** Masks the parts of a URL that carry credentials: user:password@ and the query string (tokens travel there). */
function maskArgument(arg: string): string {
  return arg.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, `$1${MASK}@`).replace(/\?.*$/, `?${MASK}`);
}

export function parseK6Out(value: string): K6Output {
  const eq = value.indexOf('=');
  const type = eq < 0 ? value : value.slice(0, eq);
  const arg = eq < 0 ? undefined : value.slice(eq + 1);
  const shown = arg === undefined ? type : `${type}=${maskArgument(arg)}`;
  if (!(K6_OUTPUT_TYPES as readonly string[]).includes(type))
    throw new InputError(
      `--k6-out ${shown}: unknown k6 output "${type}" (expected <type> or <type>=<argument>, type one of ${K6_OUTPUT_TYPES.join(', ')})`,
    );
  if (arg !== undefined && !arg.trim())
    throw new InputError(`--k6-out ${value}: nothing after "=" (write just "${type}" for its defaults)`);
  return { type: type as K6Output['type'], spec: value, shown };
}

/** k6 arguments for the outputs, and the environment defaults they need to serve the Grafana dashboard. */
export function k6OutputArgs(outputs: K6Output[], runId: string): { args: string[]; env: Record<string, string> } {
  if (!outputs.length) return { args: [], env: {} };
  const args = outputs.flatMap((o) => ['--out', o.spec]);
  // One tag value per run, so dashboards and queries tell runs apart (k6's convention for remote outputs).
  args.push('--tag', `testid=${runId}`);
  const env: Record<string, string> = {};
  // k6 sends only p(99) of a trend by default; the dashboard draws p50/p90/p99 and counts requests by status.
  if (outputs.some((o) => o.type === 'experimental-prometheus-rw') && !process.env.K6_PROMETHEUS_RW_TREND_STATS)
    env.K6_PROMETHEUS_RW_TREND_STATS = 'p(50),p(90),p(99),max,count';
  return { args, env };
}
