// The --prometheus-* flags of `ksb run` and `ksb collect`, resolved once into a checked PrometheusSource.
import { Option, type Command } from 'commander';
import { checkPrometheus, prometheusEndpoint } from '../collect/prometheus-api.js';
import { parseSelector, PrometheusSource } from '../collect/prometheus-source.js';
import { HELP_GROUPS } from './help-groups.js';
import { parseDurationMs } from './parse.js';

export interface PrometheusFlags {
  prometheusUrl?: string;
  prometheusApiserverSelector: string;
  prometheusEtcdSelector: string;
  prometheusStep: number;
}

/** An option in the Prometheus help group. */
export function prometheusOption(flags: string, description: string): Option {
  return new Option(flags, description).helpGroup(HELP_GROUPS.prometheus);
}

export function addPrometheusFlags(c: Command): Command {
  return c
    .addOption(
      prometheusOption(
        '--prometheus-url <url>',
        'read apiserver and etcd memory, CPU and request metrics per replica from this Prometheus (PromQL), beside the direct /metrics scrape',
      ),
    )
    .addOption(
      prometheusOption('--prometheus-apiserver-selector <matchers>', "with --prometheus-url: the apiserver's series").default(
        '{job="apiserver"}',
      ),
    )
    .addOption(
      prometheusOption('--prometheus-etcd-selector <matchers>', "with --prometheus-url: etcd's series").default('{job=~"etcd|kube-etcd"}'),
    )
    .addOption(
      prometheusOption('--prometheus-step <duration>', 'with --prometheus-url: query resolution, your scrape interval')
        .argParser(parseDurationMs)
        .default(15_000, '15s'),
    );
}

/** Undefined without --prometheus-url; else a source whose URL answered as Prometheus (or an InputError naming it). */
export async function prometheusFromFlags(o: PrometheusFlags): Promise<{ source: PrometheusSource; version: string } | undefined> {
  if (o.prometheusUrl === undefined) return undefined;
  const endpoint = prometheusEndpoint(o.prometheusUrl);
  const source = new PrometheusSource({
    endpoint,
    apiserverSelector: parseSelector('--prometheus-apiserver-selector', o.prometheusApiserverSelector),
    etcdSelector: parseSelector('--prometheus-etcd-selector', o.prometheusEtcdSelector),
    stepMs: o.prometheusStep,
  });
  const { version } = await checkPrometheus(endpoint);
  return { source, version };
}
