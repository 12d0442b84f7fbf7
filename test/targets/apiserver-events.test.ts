import test from 'ava';
import { timeline, type ApiserverEvent } from '../../src/targets/apiserver-events.js';

test('the timeline is in time order from the load start, cause before effect within one moment', (t) => {
  const zero = 1_000_000;
  const events: ApiserverEvent[] = [
    { at: zero + 20_500, apiserver: '1', kind: 'backend-down' },
    { at: zero + 14_200, apiserver: '0', kind: 'exited' },
    { at: zero + 14_200, apiserver: '0', kind: 'oom-killed' },
    { at: zero + 30_000, apiserver: '0', kind: 'ready' },
    { at: zero + 30_000, apiserver: '0', kind: 'backend-up' },
    { at: zero + 30_000, apiserver: '0', kind: 'restarted' },
    { at: zero - 500, apiserver: '2', kind: 'ready' },
    { at: zero + 15_000, apiserver: '0', kind: 'backend-down' },
  ];
  t.deepEqual(timeline(events, zero), [
    { t: -0.5, apiserver: '2', kind: 'ready' },
    { t: 14.2, apiserver: '0', kind: 'oom-killed' },
    { t: 14.2, apiserver: '0', kind: 'exited' },
    { t: 15, apiserver: '0', kind: 'backend-down' },
    { t: 20.5, apiserver: '1', kind: 'backend-down' },
    { t: 30, apiserver: '0', kind: 'restarted' },
    { t: 30, apiserver: '0', kind: 'ready' },
    { t: 30, apiserver: '0', kind: 'backend-up' },
  ]);
  t.is(events[0]!.kind, 'backend-down', 'the events themselves are left as they came');
});
