// meta.k8s.io/v1 Table, what `kubectl get` asks for (Accept: application/json;as=Table;v=v1;g=meta.k8s.io): the
// columns kube-apiserver's printers give the kinds the mock serves, rows carrying PartialObjectMetadata.
import type { ResourceDef } from './resources.js';
import type { StoredObject } from './store.js';

type Loose = Record<string, unknown>;

interface Column {
  name: string;
  type: 'string';
  format: string;
  description: string;
  priority: number;
  cell: (o: Loose, now: number) => string | number;
}

const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.';
const AGE_DESCRIPTION = 'CreationTimestamp is a timestamp representing the server time when this object was created.';

const meta = (o: Loose) => (o.metadata ?? {}) as Loose;
const count = (m: unknown) => (typeof m === 'object' && m !== null ? Object.keys(m).length : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** duration.HumanDuration, as kube-apiserver prints ages. */
function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

function source(o: Loose): string {
  const s = (o.source ?? {}) as Loose;
  const component = str(s.component) || str(o.reportingComponent);
  return s.host ? `${component}, ${str(s.host)}` : component;
}

function since(v: unknown, now: number): string {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: NAME_DESCRIPTION,
  priority: 0,
  cell: (o) => str(meta(o).name),
};
const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  format: '',
  description: AGE_DESCRIPTION,
  priority: 0,
  cell: (o, now) => since(meta(o).creationTimestamp, now),
};
const column = (name: string, type: Column['type'], description: string, cell: Column['cell']): Column => ({
  name,
  type,
  format: '',
  description,
  priority: 0,
  cell,
});

const COLUMNS: Record<string, Column[]> = {
  ConfigMap: [
    nameColumn,
    column('Data', 'string', 'Data contains the configuration data.', (o) => count(o.data) + count(o.binaryData)),
    ageColumn,
  ],
  Secret: [
    nameColumn,
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data.', (o) => str(o.type)),
    column('Data', 'string', 'Data contains the secret data.', (o) => count(o.data)),
    ageColumn,
  ],
  Namespace: [
    nameColumn,
    column('Status', 'string', 'The status of the namespace', (o) => str((o.status as Loose | undefined)?.phase)),
    ageColumn,
  ],
  Event: [
    column('Last Seen', 'string', 'Time when this Event was last seen', (o, now) =>
      since(o.lastTimestamp ?? o.eventTime ?? meta(o).creationTimestamp, now),
    ),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future.', (o) => str(o.type)),
    column(
      'Reason',
      'string',
      "A short, machine understandable string that gives the reason for the transition into the object's current status.",
      (o) => str(o.reason),
    ),
    column('Object', 'string', 'The object that this event is about.', (o) => {
      const io = (o.involvedObject ?? {}) as Loose;
      return `${str(io.kind).toLowerCase()}/${str(io.name)}`;
    }),
    {
      ...column('Subobject', 'string', 'The part of the object this event is about.', (o) =>
        str((o.involvedObject as Loose | undefined)?.fieldPath),
      ),
      priority: 1,
    },
    { ...column('Source', 'string', 'The component reporting this event.', (o) => source(o)), priority: 1 },
    column('Message', 'string', 'A human-readable description of the status of this operation.', (o) => str(o.message)),
    {
      ...column('First Seen', 'string', 'The time at which the event was first recorded.', (o, now) =>
        since(o.firstTimestamp ?? o.eventTime, now),
      ),
      priority: 1,
    },
    {
      ...column('Count', 'string', 'The number of times this event has occurred.', (o) => (typeof o.count === 'number' ? o.count : 1)),
      priority: 1,
    },
    { ...column('Name', 'string', NAME_DESCRIPTION, (o) => str(meta(o).name)), format: 'name', priority: 1 },
  ],
};

/** kube-apiserver's default table for kinds without a printer: name and creation time. */
const DEFAULT_COLUMNS: Column[] = [
  nameColumn,
  { ...ageColumn, name: 'Created At', format: 'date-time', cell: (o) => str(meta(o).creationTimestamp) },
];

export function tableBody(def: ResourceDef, objects: StoredObject[], listMeta: Loose): Buffer {
  const columns = COLUMNS[def.kind] ?? DEFAULT_COLUMNS;
  const now = Date.now();
  const rows = objects.map((stored) => {
    const o = JSON.parse(stored.item.toString('utf8')) as Loose;
    return {
      cells: columns.map((c) => c.cell(o, now)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    };
  });
  const columnDefinitions = columns.map(({ name, type, format, description, priority }) => ({ name, type, format, description, priority }));
  return Buffer.from(`${JSON.stringify({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, columnDefinitions, rows })}\n`);
}
