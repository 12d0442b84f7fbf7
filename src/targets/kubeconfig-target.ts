// Any cluster from a kubeconfig context. Nothing is started: the harness seeds, samples /metrics and runs
// k6 against it. Non-loopback servers are refused unless the user names the context and passes --allow-remote.
import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { InputError } from '../errors/input-error.js';
import { loadClientNode } from './connection.js';
import { targetGet } from './http-get.js';
import { gatesThatMatter, serverGates } from './effective-gates.js';
import type { Variant } from '../variants/variants.js';
import type { Connection, RunningTarget, TargetInfo, TargetProvider } from './target.js';

export interface KubeconfigOptions {
  kubeconfig?: string;
  context?: string;
  allowRemote?: boolean;
  /** run the exec credential plugin or auth-provider the kubeconfig's user names (kubectl runs them unasked) */
  allowExec?: boolean;
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Refuses a non-loopback server unless the context was named explicitly and --allow-remote given. */
export function checkRemoteAllowed(server: string, context: string, o: KubeconfigOptions): void {
  const host = new URL(server).hostname;
  if (isLoopbackHost(host)) return;
  if (!o.context || !o.allowRemote) {
    throw new Error(
      `refusing to load-test ${server} (context "${context}"): it is not a loopback address. A benchmark can take an apiserver down; to target it anyway pass --context ${context} --allow-remote`,
    );
  }
}

/** A kubeconfig that runs code to get credentials is refused unless --allow-exec, naming what it would run. */
function checkCredentialPlugins(kc: KubeConfig, context: string, o: KubeconfigOptions): void {
  const user = kc.getCurrentUser();
  if (!user || o.allowExec) return;
  const refuse = (what: string) =>
    new InputError(
      `kubeconfig: user "${user.name}" of context "${context}" gets its credentials by running ${what}; ksb does not run programs a kubeconfig names unless you pass --allow-exec`,
    );
  // client-node types these fields as any: read them as the kubeconfig schema defines them.
  const exec = user.exec as { command?: string; args?: string[] } | undefined;
  const provider = user.authProvider as { name?: string; config?: Record<string, string> } | undefined;
  if (exec) throw refuse(`the exec plugin \`${[exec.command ?? '', ...(exec.args ?? [])].join(' ')}\``);
  if (provider) {
    const cmd = provider.config?.['cmd-path'];
    throw refuse(`the auth-provider "${provider.name ?? ''}"${cmd ? ` (cmd-path \`${cmd}\`)` : ''}`);
  }
}

function pem(v: RequestOptions['cert']): string | undefined {
  if (!v) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

/** Credentials as client-node resolves them (token, client cert, exec plugin), held in memory only. */
export async function connectionFromKubeConfig(kc: KubeConfig): Promise<Connection> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`kubeconfig: context "${kc.getCurrentContext()}" has no cluster`);
  const opts: RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const headers = (opts.headers ?? {}) as Record<string, unknown>;
  const auth = headers.Authorization ?? headers.authorization;
  const token = typeof auth === 'string' ? /^Bearer\s+(.+)$/.exec(auth)?.[1] : undefined;
  const certPem = pem(opts.cert);
  const keyPem = pem(opts.key as RequestOptions['cert']);
  return {
    url: cluster.server.replace(/\/+$/, ''),
    token,
    caPem: pem(opts.ca),
    clientCert: certPem && keyPem ? { certPem, keyPem } : undefined,
    insecureSkipTLSVerify: Boolean(cluster.skipTLSVerify),
  };
}

/**
 * A cluster's gates cannot be changed from here. A variant that uses a feature (a gate it needs on) cannot
 * run where it is off; gates a variant wants off are the server's choice and are only recorded.
 */
function checkClusterGates(variant: Variant, gates: Record<string, boolean>, where: string): void {
  for (const [gate, want] of Object.entries(variant.gates)) {
    if (want && gate in gates && !gates[gate]) {
      throw new Error(
        `variant ${variant.name} needs ${gate}=${want}, but ${where} runs with ${gate}=${gates[gate]}; pick another --variant or a cluster configured for it`,
      );
    }
  }
}

/** A target reached through credentials; with a variant, its needed features are checked against the cluster. */
export async function connectedTarget(
  c: Connection,
  variant: Variant | undefined,
  kind: TargetInfo['kind'],
  details: Record<string, unknown>,
  extra: Partial<RunningTarget> = {},
): Promise<RunningTarget> {
  const gates = await serverGates(c);
  if (variant)
    checkClusterGates(
      variant,
      gates,
      typeof details.context === 'string' && details.context ? `context ${details.context}` : 'the cluster',
    );
  const version = JSON.parse((await targetGet(c, '/version')).body) as Record<string, unknown>;
  return {
    ...c,
    pids: {},
    info: { kind, version, featureGates: gatesThatMatter(gates), details },
    crashed: new Promise<string>(() => {}),
    async restart() {
      throw new Error(`a ${kind} target cannot be restarted by ksb; use trigger=client for reconnect storms`);
    },
    async stop() {},
    ...extra,
  };
}

export async function kubeconfigTarget(o: KubeconfigOptions): Promise<TargetProvider & { connect(): Promise<RunningTarget> }> {
  const { KubeConfig } = await loadClientNode();
  const kc = new KubeConfig();
  try {
    if (o.kubeconfig) kc.loadFromFile(o.kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    throw new InputError(`--kubeconfig ${o.kubeconfig ?? '(default)'}: ${(e as Error).message}`, { cause: e });
  }
  if (o.context) {
    if (!kc.getContextObject(o.context))
      throw new Error(
        `--context ${o.context}: no such context (have: ${
          kc
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        })`,
      );
    kc.setCurrentContext(o.context);
  }
  const context = kc.getCurrentContext();
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error(`kubeconfig: context "${context}" has no cluster server`);
  checkRemoteAllowed(server, context, o);
  checkCredentialPlugins(kc, context, o);
  return {
    name: 'kubeconfig',
    check() {},
    async start(variant) {
      const c = await connectionFromKubeConfig(kc);
      return connectedTarget(c, variant, 'kubeconfig', { context, server });
    },
    /** Connects without a variant, for sampling only (ksb collect). */
    async connect() {
      return connectedTarget(await connectionFromKubeConfig(kc), undefined, 'kubeconfig', { context, server });
    },
  };
}
