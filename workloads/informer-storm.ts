// Many informers starting at once against large objects: the rollout that took an apiserver to OOM.
import { churn, clientFrom, clientParams, defineWorkload, informers, param, rampProfile, stepProfile } from '../src/workload/index.js';

export default defineWorkload({
  name: 'informer-storm',
  description: 'N informers start at once (LIST+WATCH, or WatchList) against large Secrets while objects churn',
  params: {
    informers: param.int('concurrent informers', 16),
    objects: param.int('objects seeded', 400),
    objectSize: param.bytes('size of each seeded object', '256KiB'),
    resource: param.enum('resource to seed and watch', 'secrets', ['secrets', 'configmaps']),
    namespace: param.string('namespace to seed and watch', 'ksb', /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    duration: param.duration('how long the informers stay open after every informer synced', '12s'),
    syncTimeout: param.duration('longest wait for every informer to sync (an informer not synced by then is an error)', '60s'),
    churnPerSecond: param.int('object updates per second while informers watch (0: none)', 5, { min: 0 }),
    arrival: param.enum('how informers arrive: all at once, in equal steps, or on a linear ramp', 'at-once', ['at-once', 'steps', 'ramp']),
    steps: param.int('steps (or ramp length in steps) when arrival is steps or ramp', 4),
    stepDuration: param.duration('length of each step', '5s'),
    ...clientParams,
  },
  seed: (p) => ({ resource: p.resource as 'secrets', namespace: p.namespace, count: p.objects, objectBytes: p.objectSize }),
  scenarios: (p) => [
    informers({
      count: p.informers,
      resource: p.resource,
      namespace: p.namespace,
      // With an arrival profile the last informers arrive after the whole profile, so every sync ends after it.
      holdMs: p.duration,
      syncTimeoutMs: p.arrival === 'at-once' ? p.syncTimeout : p.steps * p.stepDuration + p.syncTimeout,
      client: clientFrom(p),
      stages:
        p.arrival === 'steps'
          ? stepProfile(p.informers, p.steps, p.stepDuration)
          : p.arrival === 'ramp'
            ? rampProfile(p.informers, p.steps * p.stepDuration)
            : undefined,
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
