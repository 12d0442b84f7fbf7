// Top allocation sites from a real kube-apiserver 1.33.13 heap profile (fixtures/), against what
// `go tool pprof -top -sample_index=inuse_space` printed for the same file:
//   8.02MB 10.06%  …/go-json-experiment/json.appendString
//      7MB  8.78%  reflect.unsafe_New
//   4.50MB  5.65%  k8s.io/kube-openapi/pkg/schemamutation.(*Walker).WalkSchema
//   total 79.75MB
import test from 'ava';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { topHeapSites } from '../../src/results/heap-top.js';

const FIXTURE = fileURLToPath(new URL('../../../test/results/fixtures/kube-apiserver-1.33.13-heap.pb.gz', import.meta.url));
const MB = 1024 * 1024;

test('top heap sites of a kube-apiserver profile match go tool pprof -top', async (t) => {
  const sites = topHeapSites(await readFile(FIXTURE), 3);
  t.deepEqual(
    sites.map((s) => s.function),
    [
      'k8s.io/kube-openapi/pkg/internal/third_party/go-json-experiment/json.appendString',
      'reflect.unsafe_New',
      'k8s.io/kube-openapi/pkg/schemamutation.(*Walker).WalkSchema',
    ],
  );
  t.is(Math.round((sites[0]!.bytes / MB) * 100) / 100, 8.02);
  t.is(Math.round(sites[0]!.share * 10000) / 100, 10.06);
  t.is(Math.round((sites[1]!.bytes / MB) * 100) / 100, 7.0);
  t.is(Math.round((sites[2]!.bytes / MB) * 100) / 100, 4.5);
  t.is(Math.round((sites[0]!.bytes / sites[0]!.share / MB) * 100) / 100, 79.75);
});

test('a damaged profile is an error, not an empty list of sites', (t) => {
  const e = t.throws(() => topHeapSites(Buffer.from([0x1f, 0x8b, 0, 0])));
  t.truthy(e);
});
