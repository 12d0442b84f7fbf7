// LIST: resourceVersion semantics, pagination with continue tokens, selectors, and the two encodings.
import type { ServerResponse } from 'node:http';
import { decodeContinue, encodeContinue, EXPIRED_CONTINUE_MESSAGE } from './continue-token.js';
import { writeBuffered, writeStreaming } from './http-util.js';
import { parseResourceVersion, type ListOptions } from './list-options.js';
import type { ResourceDef } from './resources.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { selectableFields } from './store.js';
import { errors } from './status.js';
import type { Store, StoredObject } from './store.js';
import { contentTypeOf, type Encoding } from './negotiate.js';
import { listBody } from './representations.js';

export interface ListRequest {
  store: Store;
  def: ResourceDef;
  namespace: string; // '' lists all namespaces
  opts: ListOptions;
  streaming: boolean;
  encoding: Encoding;
  continueTTLms: number;
}

/** Waits up to 3 s for the store to reach rv, then fails the way the apiserver does. */
export async function waitForResourceVersion(store: Store, rv: number): Promise<void> {
  const deadline = Date.now() + 3000;
  while (store.currentRV() < rv) {
    if (Date.now() > deadline) {
      throw errors.timeout(`Too large resource version: ${rv}, current: ${store.currentRV()}`, [
        { reason: 'ResourceVersionTooLarge', message: 'Too large resource version' },
      ]);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Snapshot {
  atRV: number;
  startKey: string;
  limit: number;
}

async function resolveSnapshot(req: ListRequest): Promise<Snapshot> {
  const { store, opts } = req;
  if (opts.continueToken) {
    const token = decodeContinue(opts.continueToken);
    if (opts.resourceVersion && opts.resourceVersion !== '0') {
      throw errors.badRequest('specifying resource version is not allowed when using continue');
    }
    if (Date.now() - token.issuedAt > req.continueTTLms || token.rv <= store.compactedRevision()) {
      throw errors.expired(EXPIRED_CONTINUE_MESSAGE);
    }
    return { atRV: token.rv, startKey: token.start, limit: opts.limit };
  }
  const current = store.currentRV();
  if (opts.resourceVersion === '') return { atRV: current, startKey: '', limit: opts.limit };
  // resourceVersion=0 is served from the watch cache, which ignores limit (no pagination from cache in 1.33).
  if (opts.resourceVersion === '0') return { atRV: current, startKey: '', limit: 0 };
  const rv = parseResourceVersion(opts.resourceVersion);
  const exact = opts.resourceVersionMatch === 'Exact' || (opts.resourceVersionMatch === '' && opts.limit > 0);
  if (exact) {
    if (rv <= store.compactedRevision()) throw errors.expired('The resourceVersion for the provided list is too old.');
    await waitForResourceVersion(store, rv);
    return { atRV: rv, startKey: '', limit: opts.limit };
  }
  await waitForResourceVersion(store, rv);
  return { atRV: store.currentRV(), startKey: '', limit: opts.limit };
}

export interface ListPage {
  atRV: number;
  items: StoredObject[];
  continue: string;
  remainingItemCount?: number;
}

/** The page a LIST returns: the snapshot's objects that match the selectors, from the continue key, up to limit. */
export async function selectPage(req: ListRequest): Promise<ListPage> {
  const { store, def, namespace, opts } = req;
  const matchLabels = parseLabelSelector(opts.labelSelector);
  const matchFields = parseFieldSelector(opts.fieldSelector, def.selectableFields);
  const snap = await resolveSnapshot(req);
  const prefix = namespace ? `${namespace}/` : '';

  // Only references are collected: the bytes stay in the store until they are written.
  const items: StoredObject[] = [];
  let cont = '';
  let remaining: number | undefined;
  const selecting = Boolean(opts.labelSelector || opts.fieldSelector);
  const iter = store.list(def.name, snap.atRV, prefix, snap.startKey);
  for (const obj of iter) {
    if (!matchLabels(obj.labels) || !matchFields(selectableFields(obj))) continue;
    if (snap.limit > 0 && items.length === snap.limit) {
      cont = encodeContinue(snap.atRV, `${items[items.length - 1]!.key}\0`);
      if (!selecting) {
        remaining = 1;
        for (const _ of iter) remaining++;
      }
      break;
    }
    items.push(obj);
  }
  return { atRV: snap.atRV, items, continue: cont, remainingItemCount: remaining };
}

/** Serves the LIST and returns the number of body bytes written. */
export async function serveList(res: ServerResponse, req: ListRequest): Promise<number> {
  const page = await selectPage(req);
  res.statusCode = 200;
  res.setHeader('Content-Type', contentTypeOf(req.encoding));
  const meta = { resourceVersion: String(page.atRV), continue: page.continue, remainingItemCount: page.remainingItemCount };
  const chunks = listBody(req.def, meta, page.items, req.encoding);
  return req.streaming ? writeStreaming(res, chunks) : writeBuffered(res, chunks);
}
