// Which OpenAPI document a path names; built once, they only change with the code.
import { openApiV2, openApiV3GroupVersion, openApiV3Index } from './documents.js';

const cache = new Map<string, object>();
const BUILDERS: Record<string, () => object> = {
  '/openapi/v2': openApiV2,
  '/openapi/v3': openApiV3Index,
  '/openapi/v3/api/v1': openApiV3GroupVersion,
};

export function openApiDocument(path: string): object | undefined {
  const build = BUILDERS[path];
  if (!build) return undefined;
  let doc = cache.get(path);
  if (!doc) cache.set(path, (doc = build()));
  return doc;
}
