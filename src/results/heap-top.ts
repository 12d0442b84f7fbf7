// The top allocation sites of a Go heap profile (pprof protobuf, gzipped as /debug/pprof/heap serves it):
// in-use bytes per function where the memory was allocated (the leaf frame), as `go tool pprof -top` shows them.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';

export interface HeapSite {
  function: string;
  /** in-use bytes allocated there (flat) */
  bytes: number;
  /** share of all in-use bytes in the profile */
  share: number;
}

function decode(file: Buffer): Profile {
  const raw = file[0] === 0x1f && file[1] === 0x8b ? gunzipSync(file) : file;
  return Profile.decode(raw);
}

/** The `limit` functions holding the most in-use heap (sample type inuse_space), largest first. */
export function topHeapSites(profileBytes: Buffer, limit = 10): HeapSite[] {
  const p = decode(profileBytes);
  const str = (i: number | bigint) => p.stringTable.strings[Number(i)] ?? '';
  const inuse = p.sampleType.findIndex((t) => str(t.type) === 'inuse_space');
  if (inuse < 0) throw new Error(`not a heap profile: sample types ${p.sampleType.map((t) => str(t.type)).join(', ')}`);
  const functions = new Map(p.function.map((f) => [Number(f.id), str(f.name)]));
  const locations = new Map(p.location.map((l) => [Number(l.id), l]));
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const s of p.sample) {
    const bytes = Number(s.value[inuse] ?? 0);
    total += bytes;
    const leaf = locations.get(Number(s.locationId[0] ?? 0));
    // A location can hold inlined frames; the first line is the innermost, where the allocation happened.
    const name = leaf?.line[0] ? (functions.get(Number(leaf.line[0].functionId)) ?? '?') : '?';
    byFunction.set(name, (byFunction.get(name) ?? 0) + bytes);
  }
  return [...byFunction.entries()]
    .map(([fn, bytes]) => ({ function: fn, bytes, share: total > 0 ? bytes / total : 0 }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, limit);
}

export async function topHeapSitesOfFile(path: string, limit = 10): Promise<HeapSite[]> {
  return topHeapSites(await readFile(path), limit);
}
