// fieldValidation (Ignore | Warn | Strict, Warn when unset): fields a body has that the kind's schema does not
// declare, found with the schema the OpenAPI documents are built from. Kinds without a schema keep every field.
import { DEFINITIONS, definitionOf, type Definition } from './openapi/schema.js';
import { errors } from './status.js';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (value === 'Ignore' || value === 'Warn' || value === 'Strict') return value;
  throw errors.badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${value}"`);
}

/** Dotted paths of the fields the schema does not declare (`metadata.foo`, `metadata.ownerReferences[0].x`). */
function unknownFields(kind: string, body: unknown): string[] {
  const name = definitionOf(kind);
  return name ? walk(DEFINITIONS[name]!, body, '') : [];
}

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortedKeys((v as Record<string, unknown>)[k])]),
  );
}

function walk(d: Definition, value: unknown, prefix: string): string[] {
  if (d.preserveUnknownFields || typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const p = Object.hasOwn(d.properties, k) ? d.properties[k] : undefined;
    if (!p) out.push(`${prefix}${k}`);
    else if (p.ref) out.push(...walk(DEFINITIONS[p.ref]!, v, `${prefix}${k}.`));
    else if (p.items?.ref && Array.isArray(v))
      v.forEach((x, i) => out.push(...walk(DEFINITIONS[p.items!.ref!]!, x, `${prefix}${k}[${i}].`)));
  }
  return out;
}

/**
 * Applies the directive: Strict refuses unknown fields (400, kube-apiserver's message); Warn returns one
 * Warning header value per field, as kube-apiserver sends them; Ignore returns none.
 */
export function checkFields(kind: string, body: unknown, directive: FieldValidation, patched = false): string[] {
  if (directive === 'Ignore') return [];
  const unknown = unknownFields(kind, body);
  if (!unknown.length) return [];
  const detail = `strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`;
  // A patched object is refused by the patch handler: 422 naming the patched JSON (Go writes map keys sorted).
  if (directive === 'Strict' && patched) throw errors.invalidPatch(JSON.stringify(sortedKeys(body)), detail);
  if (directive === 'Strict') throw errors.badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: ${detail}`);
  return unknown.map((f) => `299 - ${JSON.stringify(`unknown field "${f}"`)}`);
}
