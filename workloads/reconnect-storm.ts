// Every watch drops at once and every informer resyncs: what follows an apiserver restart or a network blip.
import { clientFrom, clientParams, defineWorkload, param, reconnectStorm } from '../src/workload/index.js';

export default defineWorkload({
  name: 'reconnect-storm',
  description: 'informers sync, then all watches drop at once and all resync (client-side drop or target restart)',
  params: {
    informers: param.int('concurrent informers', 16),
    objects: param.int('objects seeded', 200),
    objectSize: param.bytes('size of each seeded object', '128KiB'),
    resource: param.enum('resource to seed and watch', 'secrets', ['secrets', 'configmaps']),
    namespace: param.string('namespace to seed and watch', 'ksb', /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    dropAfter: param.duration(
      'time from start to each drop (with trigger=target-restart, longer than a restart plus the re-sync: the local target restarts in 5-9 s)',
      '8s',
    ),
    drops: param.int('drop-and-resync rounds', 2),
    trigger: param.enum('who drops the watches', 'client', ['client', 'target-restart']),
    ...clientParams,
  },
  seed: (p) => ({ resource: p.resource as 'secrets', namespace: p.namespace, count: p.objects, objectBytes: p.objectSize }),
  scenarios: (p) => [
    reconnectStorm({
      count: p.informers,
      resource: p.resource,
      namespace: p.namespace,
      dropAfterMs: p.dropAfter,
      drops: p.drops,
      holdMs: p.dropAfter * (p.drops + 1),
      trigger: p.trigger as 'client' | 'target-restart',
      client: clientFrom(p),
    }),
  ],
});
