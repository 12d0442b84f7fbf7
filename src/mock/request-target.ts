// The request target (RFC 9112 §3.2) read as a path and a query, never resolved as a URL against a base:
// `//?limit=1`, `//host`, `/a/../b` are paths like any other, so no target can make the parse throw.
import { errors } from './status.js';

export interface RequestTarget {
  /** The path as sent (escapes kept, trailing slashes dropped; "/" for the root). */
  path: string;
  query: URLSearchParams;
}

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i;

export function parseRequestTarget(target: string | undefined): RequestTarget {
  let text = target ?? '/';
  // The absolute form (`http://host/path?q`), which proxies send: its authority is not part of the path.
  const absolute = ABSOLUTE_FORM.exec(text);
  if (absolute) text = text.slice(absolute[0].length) || '/';
  const q = text.indexOf('?');
  const rawPath = q < 0 ? text : text.slice(0, q);
  if (!rawPath.startsWith('/')) throw errors.badRequest(`invalid request target ${JSON.stringify(text.slice(0, 100))}`);
  const query = new URLSearchParams(q < 0 ? '' : text.slice(q + 1));
  return { path: rawPath.replace(/\/+$/, '') || '/', query };
}
