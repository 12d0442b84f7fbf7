// Concurrent LISTs of a large collection: the case streaming collection encoding was built for.
import { ACCEPTS, defineWorkload, listStorm, param } from '../src/workload/index.js';

export default defineWorkload({
  name: 'large-list',
  description: 'N clients LIST a large collection concurrently, repeatedly (resourceVersion=0, consistent, or paginated)',
  params: {
    clients: param.int('concurrent LIST clients', 10),
    repeats: param.int('LISTs per client', 3),
    objects: param.int('objects seeded', 1000),
    objectSize: param.bytes('size of each seeded object', '100KiB'),
    resource: param.enum('resource to seed and list', 'configmaps', ['secrets', 'configmaps']),
    namespace: param.string('namespace to seed and list', 'ksb', /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    listMode: param.enum('rv0: resourceVersion=0 (watch cache); consistent: resourceVersion unset; paginated: limit+continue', 'rv0', [
      'rv0',
      'consistent',
      'paginated',
    ]),
    pageSize: param.int('limit per page when paginated', 500),
    accept: param.enum('response encoding asked for (cbor: a server with CBORServingAndStorage)', 'json', ACCEPTS),
    client: param.enum("who sends the LISTs: client-go (client-go's transport in k6, body streamed) or js (k6/http)", 'client-go', [
      'client-go',
      'js',
    ]),
    compression: param.bool('client-go: ask for gzip, as client-go does by default (kube-apiserver then compresses the LISTs)', true),
    decode: param.bool(
      'client-go: decode each LIST into typed objects, as a client-go List call does (false: stream it past, counting items)',
      false,
    ),
  },
  seed: (p) => ({ resource: p.resource as 'configmaps', namespace: p.namespace, count: p.objects, objectBytes: p.objectSize }),
  scenarios: (p) => [
    listStorm({
      concurrency: p.clients,
      repeats: p.repeats,
      resource: p.resource,
      namespace: p.namespace,
      mode: p.listMode as 'rv0',
      pageSize: p.pageSize,
      accept: p.accept as 'json',
      client: p.client as 'client-go',
      decode: p.decode,
      compression: p.compression,
    }),
  ],
});
