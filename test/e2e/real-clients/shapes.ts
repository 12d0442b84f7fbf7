// What "the same output" means between two apiservers: names, ages, uids, times and resourceVersions differ by
// nature, so outputs are compared by shape — normalised text, the key paths of JSON and YAML, explain's fields.
import { parse as parseYaml } from 'yaml';

export type Shape = 'text' | 'lines' | 'json' | 'yaml' | 'explain';

/** Text with the run's namespace, ages, uids, timestamps and resourceVersions replaced, and runs of spaces collapsed. */
function normaliseText(text: string, namespace: string): string {
  return text
    .split(namespace)
    .join('<ns>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
    .replace(/\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}/g, '<time>')
    .replace(/(resourceVersion["']?:\s*["']?)\d+/g, '$1<rv>')
    .replace(/(^|\s)(\d+(s|m|h|d))+(?=\s|$)/gm, '$1<age>')
    .replace(/[ \t]+/g, ' ')
    .replace(/ +$/gm, '')
    .trim();
}

/** Every key path in a JSON value (array items collapsed to [])), sorted: the shape without the values. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => keyPaths(v, `${prefix}[]`)))].sort();
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return [`${prefix}{}`];
  return entries.flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k)).sort();
}

/** explain's header lines and its FIELDS as `name <type>`. */
function explainShape(text: string): string[] {
  const lines = text.split('\n');
  const header = lines.filter((l) => /^(KIND|VERSION|GROUP|FIELD|RESOURCE):/.test(l)).map((l) => l.replace(/\s+/g, ' ').trim());
  const fields = lines.map((l) => /^ {2}(\S+)\s+<([^>]+)>/.exec(l)).flatMap((m) => (m ? [`${m[1]} <${m[2]}>`] : []));
  return [...header, ...fields];
}

export function shapeOf(shape: Shape, stdout: string, namespace: string): unknown {
  switch (shape) {
    case 'text':
      return normaliseText(stdout, namespace);
    case 'lines':
      return [...new Set(normaliseText(stdout, namespace).split('\n'))].sort();
    case 'json':
      return keyPaths(JSON.parse(stdout));
    case 'yaml':
      return keyPaths(parseYaml(stdout));
    case 'explain':
      return explainShape(stdout);
  }
}
