// The core/v1 resources the mock serves, and the discovery documents that describe them.

export interface ResourceDef {
  name: string; // plural, as in the URL
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  /** Fields a fieldSelector may name besides metadata.name and metadata.namespace, as kube-apiserver registers them. */
  selectableFields?: readonly string[];
}

const RESOURCES: readonly ResourceDef[] = [
  { name: 'namespaces', kind: 'Namespace', listKind: 'NamespaceList', namespaced: false, shortNames: ['ns'] },
  { name: 'configmaps', kind: 'ConfigMap', listKind: 'ConfigMapList', namespaced: true, shortNames: ['cm'] },
  { name: 'secrets', kind: 'Secret', listKind: 'SecretList', namespaced: true, shortNames: [] },
  { name: 'pods', kind: 'Pod', listKind: 'PodList', namespaced: true, shortNames: ['po'] },
  // The mock writes no events of its own; they are served so `kubectl describe` can list them.
  {
    name: 'events',
    kind: 'Event',
    listKind: 'EventList',
    namespaced: true,
    shortNames: ['ev'],
    selectableFields: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  },
];

/** Every resource the mock serves, in discovery order. */
export function servedResources(): readonly ResourceDef[] {
  return RESOURCES;
}

const byName = new Map(RESOURCES.map((r) => [r.name, r]));

export function findResource(name: string): ResourceDef | undefined {
  return byName.get(name);
}

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

export function apiVersionsDoc(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiResourceListDoc(): object {
  return {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: RESOURCES.map((r) => ({
      name: r.name,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: VERBS,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      storageVersionHash: '',
    })),
  };
}

export function apiGroupListDoc(): object {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [] };
}
