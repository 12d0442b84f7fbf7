// PATCH bodies by Content-Type, as kube-apiserver applies them to the stored object's JSON: merge (RFC 7386),
// JSON patch (RFC 6902, through the rfc6902 library), strategic merge (the directives that matter for the kinds the
// mock serves), and server-side apply (approximated: the applied configuration merged in; no managedFields).
import { applyPatch as applyJsonPatch } from 'rfc6902';
import { parse as parseYaml } from 'yaml';
import { mergePatch, parseBody, type KubeObject } from './objects.js';
import { errors, fieldErrors, StatusError } from './status.js';

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** kube-apiserver's limit on JSON patch operations (maxJSONPatchOperations). */
const MAX_JSON_PATCH_OPERATIONS = 10_000;

/** The patch type a Content-Type names; anything else is 415 as kube-apiserver answers it. */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const patchType = PATCH_TYPES[type];
  if (!patchType) throw errors.unsupportedPatchType();
  return patchType;
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw errors.badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

/**
 * RFC 6902 on a copy of the object: every operation applies or none does. A failing operation is 422 with
 * kube-apiserver's fixed message (it does not name the operation either).
 */
function jsonPatch(current: unknown, raw: Buffer): KubeObject {
  const ops = parseJson(raw);
  if (!Array.isArray(ops))
    throw errors.badRequest(
      `error decoding patch: json: cannot unmarshal ${ops === null ? 'null' : typeof ops === 'object' ? 'object' : typeof ops} into Go value of type []handlers.jsonPatchOp`,
    );
  if (ops.length > MAX_JSON_PATCH_OPERATIONS)
    throw errors.requestEntityTooLarge(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`);
  ops.forEach((op: unknown) => {
    const o = op as { op?: unknown; path?: unknown };
    if (typeof op !== 'object' || op === null || typeof o.op !== 'string' || typeof o.path !== 'string') throw errors.unprocessable();
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(o.op)) throw errors.unprocessable();
  });
  const doc = structuredClone(current);
  const results = applyJsonPatch(doc, ops as Parameters<typeof applyJsonPatch>[1]);
  if (results.some((r) => r !== null)) throw errors.unprocessable();
  return asObject(doc);
}

function asObject(v: unknown): KubeObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw errors.badRequest('the object provided is unrecognized (must be of type Object)');
  return v as KubeObject;
}

/**
 * Strategic merge patch for kinds whose fields are maps and primitive lists (ConfigMap, Secret, Namespace, and
 * the metadata of any kind): a merge patch plus the directives kubectl sends — `$patch: replace|delete` on a map,
 * `$retainKeys`, `$setElementOrder/<list>` (order only), `$deleteFromPrimitiveList/<list>`, and
 * `metadata.finalizers` merged as a set (its patchStrategy is merge).
 */
function strategicMergePatch(current: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const p = patch as Record<string, unknown>;
  if (p.$patch === 'delete') return undefined;
  const base: Record<string, unknown> =
    p.$patch === 'replace' || typeof current !== 'object' || current === null || Array.isArray(current)
      ? {}
      : { ...(current as Record<string, unknown>) };
  const retain = Array.isArray(p.$retainKeys) ? new Set(p.$retainKeys as unknown[]) : undefined;
  for (const [k, v] of Object.entries(p)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set(Array.isArray(v) ? v : []);
      if (Array.isArray(base[field]))
        define(
          base,
          field,
          (base[field] as unknown[]).filter((x) => !drop.has(x)),
        );
      continue;
    }
    if (v === null) {
      delete base[k];
      continue;
    }
    const merged = strategicMergePatch(Object.hasOwn(base, k) ? base[k] : undefined, v);
    if (merged === undefined) delete base[k];
    else define(base, k, merged);
  }
  if (retain) for (const k of Object.keys(base)) if (!retain.has(k)) delete base[k];
  return base;
}

/** metadata.finalizers is a set under a strategic merge: the patch's entries are added, not substituted. */
function mergeFinalizers(current: KubeObject, patch: Record<string, unknown>, merged: KubeObject): void {
  const patched = (patch.metadata as Record<string, unknown> | undefined)?.finalizers;
  const before = current.metadata?.finalizers;
  if (!Array.isArray(patched) || !Array.isArray(before) || !merged.metadata) return;
  // kube-apiserver lists the patch's entries first, then the ones it kept.
  merged.metadata.finalizers = [...new Set([...(merged.metadata.finalizers as unknown[]), ...(before as unknown[])])];
}

function define(o: Record<string, unknown>, k: string, value: unknown): void {
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
}

/** The object after the patch; `current` is the stored object's JSON (kind and apiVersion added by the caller). */
export function applyPatchBody(type: PatchType, current: KubeObject, raw: Buffer): KubeObject {
  switch (type) {
    case 'merge':
      return asObject(mergePatch(current, parseBody(raw)));
    case 'json':
      return jsonPatch(current, raw);
    case 'strategic': {
      const patch = parseBody(raw);
      const merged = asObject(strategicMergePatch(current, patch));
      mergeFinalizers(current, patch, merged);
      return merged;
    }
    case 'apply':
      return asObject(mergePatch(current, parseApplyBody(raw)));
  }
}

/** An apply configuration: YAML (JSON is YAML), one object. */
export function parseApplyBody(raw: Buffer): KubeObject {
  let body: unknown;
  try {
    body = parseYaml(raw.toString('utf8'), { maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof StatusError) throw e;
    throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
  return asObject(body);
}

/** Server-side apply needs a field manager, as kube-apiserver checks it. */
export function requireFieldManager(fieldManager: string | null): void {
  if (!fieldManager)
    throw errors.invalid('PatchOptions', 'meta.k8s.io', '', [fieldErrors.required('fieldManager', 'is required for apply patch')]);
}
