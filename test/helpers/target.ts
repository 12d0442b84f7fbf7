// A target the protocol tests run against: the mock in-process, or (in test/local) a real kube-apiserver.
import { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigOptions } from '../../src/targets/connection.js';
import { MockApiServer, type MockOptions } from '../../src/mock/server.js';
import { parseFeatureGates } from '../../src/mock/feature-gates.js';
import type { RunningTarget } from '../../src/targets/target.js';

export interface TestTarget {
  kind: 'mock' | 'local';
  url: string;
  token?: string;
  /** PEM of the CA that signed the serving cert, for https targets. */
  ca?: string;
  watchListEnabled: boolean;
  close(): Promise<void>;
}

export function kubeConfigFor(t: TestTarget): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions(kubeConfigOptions({ url: t.url, token: t.token, caPem: t.ca, insecureSkipTLSVerify: false }));
  return kc;
}

export async function startMock(
  options: Partial<MockOptions> & { featureGates?: string } = {},
): Promise<TestTarget & { server: MockApiServer }> {
  const { featureGates, ...rest } = options;
  const gates = parseFeatureGates(featureGates ?? 'WatchList=true');
  const server = new MockApiServer({ ...rest, gates, port: 0 });
  const url = await server.listen();
  const token = rest.tokens && rest.tokens.size ? [...rest.tokens][0] : undefined;
  return { kind: 'mock', url, token, watchListEnabled: gates.WatchList, server, close: () => server.close() };
}

/** A RunningTarget that starts nothing, for code that only reads its connection and identity; `extra` overrides. */
export function fakeRunningTarget(extra: Partial<RunningTarget> = {}): RunningTarget {
  return {
    url: 'https://127.0.0.1:6443',
    token: 'admin-token',
    insecureSkipTLSVerify: false,
    pids: {},
    info: { kind: 'local', version: {}, featureGates: {}, details: {} },
    crashed: new Promise(() => {}),
    restart: async () => {},
    stop: async () => {},
    ...extra,
  };
}
