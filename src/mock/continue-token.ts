// Opaque continue tokens, shaped like the apiserver's (base64 of {"v","rv","start"}), plus an issue time so
// a token can expire after a TTL the way etcd compaction expires the real ones.
import { errors } from './status.js';

interface TokenBody {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
  t: number;
}

export function encodeContinue(rv: number, start: string, now = Date.now()): string {
  const body: TokenBody = { v: 'meta.k8s.io/v1', rv, start, t: now };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeContinue(token: string): { rv: number; start: string; issuedAt: number } {
  let body: Partial<TokenBody>;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
  } catch {
    throw errors.badRequest('invalid continue token: continue key is not valid: illegal base64 data or JSON');
  }
  if (body.v !== 'meta.k8s.io/v1') {
    throw errors.badRequest('invalid continue token: continue key is not valid: server does not recognize this encoded key');
  }
  if (
    typeof body.rv !== 'number' ||
    !Number.isInteger(body.rv) ||
    body.rv <= 0 ||
    typeof body.start !== 'string' ||
    typeof body.t !== 'number'
  ) {
    throw errors.badRequest(
      'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
  return { rv: body.rv, start: body.start, issuedAt: body.t };
}

export const EXPIRED_CONTINUE_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';
