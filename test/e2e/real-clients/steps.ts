// The kubectl script both targets run, in order, in a namespace of their own: each step's command, its stdin,
// how its output is compared, and the exit code kube-apiserver gives it.
import type { Shape } from './shapes.js';

export interface Step {
  name: string;
  args: (ns: string) => string[];
  stdin?: (ns: string) => string;
  shape: Shape;
  exit: number;
  /** A watch: poked with this kubectl command until its output satisfies `until`. */
  watch?: { poke: (ns: string) => string[]; until: (stdout: string) => boolean };
}

const configMapYaml = (name: string, data: Record<string, string>, labels: Record<string, string> = {}) =>
  [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}`,
    ...(Object.keys(labels).length ? ['  labels:', ...Object.entries(labels).map(([k, v]) => `    ${k}: "${v}"`)] : []),
    'data:',
    ...Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`),
    '',
  ].join('\n');

let pokes = 0;
const poke = (ns: string) => ['patch', 'configmap', 'watched', '-n', ns, '--type=merge', '-p', `{"data":{"n":"${++pokes}"}}`];

export const KUBECTL_STEPS: Step[] = [
  { name: 'create namespace', args: (ns) => ['create', 'namespace', ns], shape: 'text', exit: 0 },
  {
    name: 'create -f (stdin)',
    args: (ns) => ['create', '-n', ns, '-f', '-'],
    stdin: () => configMapYaml('from-file', { a: '1' }, { app: 'demo' }),
    shape: 'text',
    exit: 0,
  },
  {
    name: 'create configmap --from-literal',
    args: (ns) => ['create', 'configmap', 'literal', '-n', ns, '--from-literal=a=1', '--from-literal=b=2'],
    shape: 'text',
    exit: 0,
  },
  {
    name: 'create secret generic',
    args: (ns) => ['create', 'secret', 'generic', 'sec', '-n', ns, '--from-literal=password=s3cret'],
    shape: 'text',
    exit: 0,
  },
  { name: 'create an existing object', args: (ns) => ['create', 'configmap', 'literal', '-n', ns], shape: 'text', exit: 1 },
  { name: 'get configmaps (table)', args: (ns) => ['get', 'configmaps', '-n', ns], shape: 'text', exit: 0 },
  { name: 'get secrets (table)', args: (ns) => ['get', 'secrets', '-n', ns], shape: 'text', exit: 0 },
  { name: 'get namespace (table)', args: (ns) => ['get', 'namespace', ns], shape: 'text', exit: 0 },
  { name: 'get configmap -o json', args: (ns) => ['get', 'configmap', 'from-file', '-n', ns, '-o', 'json'], shape: 'json', exit: 0 },
  { name: 'get configmap -o yaml', args: (ns) => ['get', 'configmap', 'from-file', '-n', ns, '-o', 'yaml'], shape: 'yaml', exit: 0 },
  { name: 'get configmaps -o name', args: (ns) => ['get', 'configmaps', '-n', ns, '-o', 'name'], shape: 'text', exit: 0 },
  { name: 'list configmaps -o json', args: (ns) => ['get', 'configmaps', '-n', ns, '-o', 'json'], shape: 'json', exit: 0 },
  {
    name: 'get -l app=demo -o name',
    args: (ns) => ['get', 'configmaps', '-n', ns, '-l', 'app=demo', '-o', 'name'],
    shape: 'text',
    exit: 0,
  },
  { name: 'get a missing object', args: (ns) => ['get', 'configmap', 'absent', '-n', ns], shape: 'text', exit: 1 },
  {
    name: 'apply (client-side), create',
    args: (ns) => ['apply', '-n', ns, '-f', '-'],
    stdin: () => configMapYaml('applied', { a: '1' }, { app: 'demo' }),
    shape: 'text',
    exit: 0,
  },
  {
    name: 'apply (client-side), configure',
    args: (ns) => ['apply', '-n', ns, '-f', '-'],
    stdin: () => configMapYaml('applied', { a: '2', b: '3' }, { app: 'demo' }),
    shape: 'text',
    exit: 0,
  },
  {
    name: 'apply --server-side, create',
    args: (ns) => ['apply', '--server-side', '-n', ns, '-f', '-'],
    stdin: () => configMapYaml('ssa', { a: '1' }),
    shape: 'text',
    exit: 0,
  },
  {
    name: 'apply --server-side, update',
    args: (ns) => ['apply', '--server-side', '-n', ns, '-f', '-'],
    stdin: () => configMapYaml('ssa', { a: '2' }),
    shape: 'text',
    exit: 0,
  },
  { name: 'get after apply -o json', args: (ns) => ['get', 'configmap', 'applied', '-n', ns, '-o', 'json'], shape: 'json', exit: 0 },
  {
    name: 'patch --type=merge',
    args: (ns) => ['patch', 'configmap', 'from-file', '-n', ns, '--type=merge', '-p', '{"data":{"m":"1"}}'],
    shape: 'text',
    exit: 0,
  },
  {
    name: 'patch --type=strategic',
    args: (ns) => ['patch', 'configmap', 'from-file', '-n', ns, '-p', '{"data":{"s":"1"}}'],
    shape: 'text',
    exit: 0,
  },
  {
    name: 'patch --type=json',
    args: (ns) => [
      'patch',
      'configmap',
      'from-file',
      '-n',
      ns,
      '--type=json',
      '-p',
      '[{"op":"add","path":"/data/j","value":"1"},{"op":"remove","path":"/data/m"}]',
    ],
    shape: 'text',
    exit: 0,
  },
  {
    name: 'patch --type=json, failing test op',
    args: (ns) => ['patch', 'configmap', 'from-file', '-n', ns, '--type=json', '-p', '[{"op":"test","path":"/data/a","value":"nope"}]'],
    shape: 'text',
    exit: 1,
  },
  {
    name: 'get after patches -o json',
    args: (ns) => ['get', 'configmap', 'from-file', '-n', ns, '-o', 'jsonpath={.data}'],
    shape: 'text',
    exit: 0,
  },
  {
    name: 'replace -f',
    args: (ns) => ['replace', '-n', ns, '-f', '-'],
    stdin: () => configMapYaml('from-file', { r: '1' }, { app: 'demo' }),
    shape: 'text',
    exit: 0,
  },
  { name: 'describe configmap', args: (ns) => ['describe', 'configmap', 'from-file', '-n', ns], shape: 'text', exit: 0 },
  { name: 'describe secret', args: (ns) => ['describe', 'secret', 'sec', '-n', ns], shape: 'text', exit: 0 },
  { name: 'get events', args: (ns) => ['get', 'events', '-n', ns], shape: 'text', exit: 0 },
  { name: 'explain configmap', args: () => ['explain', 'configmap'], shape: 'explain', exit: 0 },
  { name: 'explain configmap.metadata', args: () => ['explain', 'configmap.metadata'], shape: 'explain', exit: 0 },
  {
    name: 'create the watched object',
    args: (ns) => ['create', 'configmap', 'watched', '-n', ns, '--from-literal=n=0'],
    shape: 'text',
    exit: 0,
  },
  {
    name: 'get -w -o name',
    args: (ns) => ['get', 'configmaps', '-n', ns, '-w', '-o', 'name', '--field-selector', 'metadata.name=watched'],
    shape: 'lines',
    exit: 0,
    // The current state, then at least one change.
    watch: { poke, until: (out) => out.split('\n').filter((l) => l === 'configmap/watched').length >= 2 },
  },
  {
    name: 'get --watch-only -o name',
    args: (ns) => ['get', 'configmaps', '-n', ns, '--watch-only', '-o', 'name', '--field-selector', 'metadata.name=watched'],
    shape: 'lines',
    exit: 0,
    watch: { poke, until: (out) => out.includes('configmap/watched') },
  },
  { name: 'delete -l app=demo', args: (ns) => ['delete', 'configmaps', '-n', ns, '-l', 'app=demo'], shape: 'text', exit: 0 },
  { name: 'delete --all', args: (ns) => ['delete', 'configmaps', '--all', '-n', ns], shape: 'text', exit: 0 },
  { name: 'get after delete --all', args: (ns) => ['get', 'configmaps', '-n', ns, '-o', 'name'], shape: 'text', exit: 0 },
];
