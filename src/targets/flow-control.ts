// API Priority and Fairness for the load: who the load is (SelfSubjectReview), which FlowSchema its requests land in
// (APF's response header), and --flow-schema's own priority level and per-verb flow schemas, created before the load.
import { requestFailed, targetRequest } from './http-get.js';
import { parsePromText } from './prom-text.js';
import type { Connection } from './target.js';

const API = '/apis/flowcontrol.apiserver.k8s.io/v1';
/** The header APF sets on every response it classified, exempt ones included. */
const FLOW_SCHEMA_UID_HEADER = 'x-kubernetes-pf-flowschema-uid';
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'kube-stream-bench' };

/**
 * Where --flow-schema's schemas sit: after every built-in one a user could match (the system schemas run from 1 to
 * 900) and before service-accounts (9000) and global-default (9900). kperf's runner groups default to 1000 too.
 */
const FLOW_SCHEMA_PRECEDENCE = 1000;

/** The flow schemas of --flow-schema <name>: LIST and WATCH apart, so seats can be told per verb; the rest in one. */
export interface VerbSchemas {
  list: string;
  watch: string;
  other: string;
}

export function verbSchemas(name: string): VerbSchemas {
  return { list: `${name}-list`, watch: `${name}-watch`, other: name };
}

/**
 * A DNS-1123 subdomain short enough that `<name>-watch` still is one (the flow schemas' names), or why not.
 * Object names allow 253 characters; the longest suffix added is 6.
 */
export function flowSchemaNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name))
    return 'expected a DNS-1123 name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit';
  if (name.length > 247) return `expected at most 247 characters (the flow schema ${name}-watch must fit in 253), got ${name.length}`;
  return undefined;
}

/** The PriorityLevelConfiguration and the three FlowSchemas of --flow-schema <name>, for the load's user. */
export function flowControlObjects(name: string, user: string): { priorityLevel: object; flowSchemas: object[] } {
  const s = verbSchemas(name);
  const priorityLevel = {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'PriorityLevelConfiguration',
    metadata: { name, labels: MANAGED_BY },
    spec: {
      type: 'Limited',
      limited: {
        // As many shares as the built-in workload-low, lending none, so the load's level keeps its seats.
        nominalConcurrencyShares: 100,
        lendablePercent: 0,
        limitResponse: { type: 'Queue', queuing: { queues: 64, handSize: 6, queueLengthLimit: 50 } },
      },
    },
  };
  const schema = (fsName: string, precedence: number, verbs: string[], nonResource: boolean) => ({
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name: fsName, labels: MANAGED_BY },
    spec: {
      priorityLevelConfiguration: { name },
      matchingPrecedence: precedence,
      distinguisherMethod: { type: 'ByUser' },
      rules: [
        {
          subjects: [{ kind: 'User', user: { name: user } }],
          resourceRules: [{ verbs, apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] }],
          ...(nonResource ? { nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }] } : {}),
        },
      ],
    },
  });
  return {
    priorityLevel,
    flowSchemas: [
      schema(s.list, FLOW_SCHEMA_PRECEDENCE, ['list'], false),
      schema(s.watch, FLOW_SCHEMA_PRECEDENCE, ['watch'], false),
      schema(s.other, FLOW_SCHEMA_PRECEDENCE + 1, ['*'], true),
    ],
  };
}

/** The user and groups the server sees for these credentials (authentication.k8s.io/v1, 1.28+). */
export async function whoAmI(conn: Connection): Promise<{ user: string; groups: string[] }> {
  const res = await targetRequest(conn, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
  });
  if (res.status !== 201 && res.status !== 200) throw requestFailed('SelfSubjectReview', res);
  const info = (JSON.parse(res.body) as { status?: { userInfo?: { username?: string; groups?: string[] } } }).status?.userInfo;
  return { user: info?.username ?? '', groups: info?.groups ?? [] };
}

/** Creates the object, or replaces it where one of that name exists (a kubeconfig cluster used before). */
async function apply(admin: Connection, collection: string, obj: { metadata: { name: string } }): Promise<void> {
  const created = await targetRequest(admin, 'POST', collection, obj);
  if (created.status === 201 || created.status === 200) return;
  if (created.status !== 409) throw requestFailed(`creating ${collection}/${obj.metadata.name}`, created);
  const current = await targetRequest(admin, 'GET', `${collection}/${obj.metadata.name}`);
  if (current.status !== 200) throw requestFailed(`reading ${collection}/${obj.metadata.name}`, current);
  const resourceVersion = (JSON.parse(current.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  const replaced = await targetRequest(admin, 'PUT', `${collection}/${obj.metadata.name}`, {
    ...obj,
    metadata: { ...obj.metadata, resourceVersion },
  });
  if (replaced.status !== 200) throw requestFailed(`replacing ${collection}/${obj.metadata.name}`, replaced);
}

export async function applyFlowControl(admin: Connection, name: string, user: string): Promise<void> {
  const objs = flowControlObjects(name, user);
  await apply(admin, `${API}/prioritylevelconfigurations`, objs.priorityLevel as { metadata: { name: string } });
  for (const fs of objs.flowSchemas) await apply(admin, `${API}/flowschemas`, fs as { metadata: { name: string } });
}

/** Removes what applyFlowControl made (a kubeconfig cluster outlives the run); absent objects are fine. */
export async function deleteFlowControl(admin: Connection, name: string): Promise<void> {
  const s = verbSchemas(name);
  for (const path of [`flowschemas/${s.list}`, `flowschemas/${s.watch}`, `flowschemas/${s.other}`, `prioritylevelconfigurations/${name}`]) {
    const res = await targetRequest(admin, 'DELETE', `${API}/${path}`);
    if (res.status !== 200 && res.status !== 202 && res.status !== 404) throw requestFailed(`deleting ${path}`, res);
  }
}

/**
 * The FlowSchema a request of the load lands in: `path` asked with the load's credentials, APF's header naming
 * the schema's UID, the name looked up with the admin credentials (the UID alone where they may not list schemas).
 */
export async function landedFlowSchema(load: Connection, admin: Connection, path: string): Promise<string> {
  const res = await targetRequest(load, 'GET', path);
  if (res.status !== 200) throw requestFailed(`GET ${path} as the load's user`, res);
  const header = res.headers[FLOW_SCHEMA_UID_HEADER];
  const uid = Array.isArray(header) ? header[0] : header;
  if (!uid) throw new Error(`GET ${path}: no ${FLOW_SCHEMA_UID_HEADER} header (API Priority and Fairness is off on this server)`);
  const list = await targetRequest(admin, 'GET', `${API}/flowschemas`);
  if (list.status !== 200) return `uid ${uid}`;
  const items = (JSON.parse(list.body) as { items?: Array<{ metadata: { name: string; uid: string } }> }).items ?? [];
  return items.find((i) => i.metadata.uid === uid)?.metadata.name ?? `uid ${uid}`;
}

/**
 * Waits until the server's count of `resource` (apiserver_storage_objects, read from etcd every
 * --etcd-count-metric-poll-period, as are the counts and sizes APF prices a LIST by) reaches `count`: until then a
 * LIST of the seeded collection is priced as of before the seeding. `absent` at once where the server has no such
 * series (nothing to wait for).
 */
export async function waitForStoredCount(
  admin: Connection,
  resource: string,
  count: number,
  timeoutMs: number,
): Promise<'counted' | 'timed-out' | 'absent'> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await targetRequest(admin, 'GET', '/metrics').catch(() => undefined);
    const stored = res?.status === 200 ? storedObjects(res.body, resource) : undefined;
    if (res?.status === 200 && stored === undefined) return 'absent';
    if (stored !== undefined && stored >= count) return 'counted';
    if (Date.now() > deadline) return 'timed-out';
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** apiserver_storage_objects{resource} from a /metrics page (undefined where absent). */
export function storedObjects(metricsText: string, resource: string): number | undefined {
  return parsePromText(metricsText).find((s) => s.name === 'apiserver_storage_objects' && s.labels.resource === resource)?.value;
}

/** Waits until the load's LIST lands in `want` (APF reads new flow schemas asynchronously, within seconds). */
export async function waitForFlowSchema(
  load: Connection,
  admin: Connection,
  path: string,
  want: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await landedFlowSchema(load, admin, path).catch((e: Error) => e.message);
    if (last === want) return;
    if (Date.now() > deadline)
      throw new Error(`the load's requests did not land in flow schema ${want} within ${timeoutMs / 1000} s (last: ${last})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
