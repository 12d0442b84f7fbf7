// labelSelector and fieldSelector, with the apiserver's syntax and its 400s for what it cannot parse.
import { errors } from './status.js';

export type LabelPredicate = (labels: Record<string, string>) => boolean;
/** The object's selectable fields; one it does not have is matched as "". */
export type FieldPredicate = (fields: Readonly<Record<string, string>>) => boolean;

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside "in (...)" sets. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) terms.push(current.trim());
  return terms;
}

function checkKey(key: string, selector: string): void {
  if (!KEY.test(key) || key.length > 317) {
    throw errors.badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${selector}"`);
  }
}

function checkValue(value: string, selector: string): void {
  if (!VALUE.test(value) || value.length > 63) {
    throw errors.badRequest(`unable to parse requirement: invalid label value: "${value}" in selector "${selector}"`);
  }
}

export function parseLabelSelector(selector: string | undefined): LabelPredicate {
  if (!selector || !selector.trim()) return () => true;
  const preds: LabelPredicate[] = [];
  for (const term of splitTerms(selector)) {
    let m: RegExpMatchArray | null;
    if ((m = term.match(/^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      const [, key, op, list] = m as unknown as [string, string, string, string];
      checkKey(key, selector);
      const values = new Set(list.split(',').map((v) => v.trim()));
      values.forEach((v) => checkValue(v, selector));
      preds.push(op === 'in' ? (l) => key in l && values.has(l[key]!) : (l) => !(key in l) || !values.has(l[key]!));
    } else if ((m = term.match(/^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/))) {
      const [, key, op, value] = m as unknown as [string, string, string, string];
      checkKey(key, selector);
      checkValue(value, selector);
      preds.push(op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value);
    } else if ((m = term.match(/^!\s*(\S+)$/))) {
      const key = m[1]!;
      checkKey(key, selector);
      preds.push((l) => !(key in l));
    } else if (/^\S+$/.test(term)) {
      checkKey(term, selector);
      preds.push((l) => term in l);
    } else {
      throw errors.badRequest(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }
  return (labels) => preds.every((p) => p(labels));
}

const BASE_FIELDS: readonly string[] = ['metadata.name', 'metadata.namespace'];

/** `extraFields`: what the resource adds to metadata.name and metadata.namespace (events: involvedObject.*, ...). */
export function parseFieldSelector(selector: string | undefined, extraFields: readonly string[] = []): FieldPredicate {
  if (!selector || !selector.trim()) return () => true;
  const preds: FieldPredicate[] = [];
  for (const term of selector
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const m = term.match(/^([^!=]+)(==|=|!=)(.*)$/);
    if (!m) throw errors.badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [, field, op, value] = m as unknown as [string, string, string, string];
    if (!BASE_FIELDS.includes(field) && !extraFields.includes(field)) throw errors.badRequest(`field label not supported: ${field}`);
    const get = (o: Readonly<Record<string, string>>) => (Object.hasOwn(o, field) ? o[field]! : '');
    preds.push(op === '!=' ? (o) => get(o) !== value : (o) => get(o) === value);
  }
  return (fields) => preds.every((p) => p(fields));
}
