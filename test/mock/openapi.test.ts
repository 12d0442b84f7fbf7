// The OpenAPI documents come from src/mock/openapi/schema.ts; these tests hold that schema to what the mock's
// decoder (canonicalize) really keeps, so the documents cannot drift from the validation, and check the documents
// have what kubectl looks up in them.
import test from 'ava';
import { canonicalize, itemJson, type CanonicalKind } from '../../src/mock/canonical.js';
import { DEFINITIONS, definitionOf, type Prop } from '../../src/mock/openapi/schema.js';
import { raw } from '../helpers/raw.js';
import { startMock } from '../helpers/target.js';

const TYPE_META = new Set(['apiVersion', 'kind']);

function sample(p: Prop): unknown {
  if (p.ref) return sampleOf(p.ref);
  switch (p.type) {
    case 'string':
      return p.format === 'date-time' ? '2026-01-01T00:00:00Z' : p.format === 'byte' ? 'eA==' : 'x';
    case 'integer':
      return 7;
    case 'boolean':
      return true;
    case 'array':
      return [sample(p.items!)];
    case 'object':
      return p.values ? { k: sample(p.values) } : { 'f:data': {} };
    default:
      throw new Error(`no sample for ${JSON.stringify(p)}`);
  }
}

function sampleOf(definition: string): Record<string, unknown> {
  const d = DEFINITIONS[definition]!;
  return Object.fromEntries(Object.entries(d.properties).map(([k, p]) => [k, sample(p)]));
}

/**
 * Where a decoded object and the definition disagree. `decoded` is the decoder's typed form (every field it knows
 * is a key, set or not) or its JSON output (only what it kept): declared fields missing, present fields undeclared.
 */
function differences(definition: string, decoded: unknown, path: string): string[] {
  const d = DEFINITIONS[definition]!;
  const got = decoded as Record<string, unknown>;
  const out: string[] = [];
  for (const [k, p] of Object.entries(d.properties)) {
    if (TYPE_META.has(k) || p.writeOnly) continue;
    if (!(k in got)) out.push(`${path}${k}: declared, not in the decoder's output`);
    else if (p.ref) out.push(...differences(p.ref, got[k], `${path}${k}.`));
    else if (p.items?.ref) out.push(...differences(p.items.ref, (got[k] as unknown[])[0], `${path}${k}[0].`));
  }
  for (const k of Object.keys(got)) if (!TYPE_META.has(k) && !(k in d.properties)) out.push(`${path}${k}: decoded, not declared`);
  return out;
}

for (const kind of ['ConfigMap', 'Secret', 'Namespace'] as CanonicalKind[]) {
  test(`${kind}: the OpenAPI schema declares exactly the fields the decoder knows, and each declared field is kept`, (t) => {
    const definition = definitionOf(kind)!;
    const typed = canonicalize(kind, { ...sampleOf(definition), surplus: 'dropped' });
    t.deepEqual(differences(definition, typed, ''), [], "the decoder's typed form");
    const written = JSON.parse(itemJson(typed)) as Record<string, unknown>;
    t.deepEqual(differences(definition, written, ''), [], 'the JSON the mock stores');
    t.is(written.surplus, undefined);
  });
}

test('/openapi/v3 points to the v1 document, which has each kind by GVK and the fieldValidation parameter on PATCH; /openapi/v2 too', async (t) => {
  const target = await startMock();
  t.teardown(() => target.close());
  const index = (await raw(target, 'GET', '/openapi/v3')).json();
  const url = index.paths['api/v1'].serverRelativeURL as string;
  t.regex(url, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
  const v3 = (await raw(target, 'GET', url)).json();
  const cm = v3.components.schemas['io.k8s.api.core.v1.ConfigMap'];
  t.deepEqual(cm['x-kubernetes-group-version-kind'], [{ group: '', kind: 'ConfigMap', version: 'v1' }]);
  t.is(cm.properties.metadata.allOf[0].$ref, '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  const patch = v3.paths['/api/v1/namespaces/{namespace}/configmaps/{name}'].patch;
  t.deepEqual(patch['x-kubernetes-group-version-kind'], { group: '', kind: 'ConfigMap', version: 'v1' });
  t.true(patch.parameters.some((p: { name: string; in: string }) => p.name === 'fieldValidation' && p.in === 'query'));
  const v2 = (await raw(target, 'GET', '/openapi/v2')).json();
  t.is(v2.swagger, '2.0');
  t.is(
    v2.definitions['io.k8s.api.core.v1.Secret'].properties.metadata.$ref,
    '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  );
  t.truthy(v2.paths['/api/v1/namespaces/{name}'].patch);
});
