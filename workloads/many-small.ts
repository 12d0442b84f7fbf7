// The counter-case: many informers syncing thousands of small objects, where WatchList was measured to use more
// temporary apiserver memory than LIST (kubernetes/kubernetes#129467: ~9,800 pods, 10–40 informers), the reason it
// stayed off by default in 1.33. A tool that only shows wins is not trusted.
import { churn, clientFrom, clientParams, defineWorkload, informers, param } from '../src/workload/index.js';

export default defineWorkload({
  name: 'many-small',
  description: 'N informers sync thousands of small ConfigMaps (~1.5 KiB) at once: the case where WatchList cost more than LIST',
  params: {
    informers: param.int('concurrent informers', 20),
    objects: param.int('objects seeded', 10000),
    objectSize: param.bytes('size of each seeded object', '1536B'),
    resource: param.enum('resource to seed and watch', 'configmaps', ['secrets', 'configmaps']),
    namespace: param.string('namespace to seed and watch', 'ksb', /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    duration: param.duration('how long the informers stay open after every informer synced', '10s'),
    syncTimeout: param.duration('longest wait for every informer to sync (an informer not synced by then is an error)', '120s'),
    churnPerSecond: param.int('object updates per second while informers watch (0: none)', 0, { min: 0 }),
    ...clientParams,
  },
  seed: (p) => ({ resource: p.resource as 'configmaps', namespace: p.namespace, count: p.objects, objectBytes: p.objectSize }),
  scenarios: (p) => [
    informers({
      count: p.informers,
      resource: p.resource,
      namespace: p.namespace,
      holdMs: p.duration,
      syncTimeoutMs: p.syncTimeout,
      client: clientFrom(p),
    }),
    ...(p.churnPerSecond > 0
      ? [
          churn({
            ratePerSecond: p.churnPerSecond,
            durationMs: Math.max(1000, p.duration - 4000),
            startAfterMs: 2000,
            resource: p.resource,
            namespace: p.namespace,
            objects: p.objects,
          }),
        ]
      : []),
  ],
});
