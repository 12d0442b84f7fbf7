import test from 'ava';
import { parsePromText } from '../../src/targets/prom-text.js';
import { pickMetricSamples } from '../../src/collect/sampler.js';
import { parseProcStatus } from '../../src/collect/proc-status.js';
import { TEXT } from '../helpers/prom-text.js';

test('the sampler keeps memory gauges as they are and sums long-running requests by verb', (t) => {
  const picked = pickMetricSamples(parsePromText(TEXT));
  t.deepEqual(
    picked.find((p) => p.metric === 'apiserver_longrunning_requests'),
    { metric: 'apiserver_longrunning_requests', value: 18, labels: 'verb="WATCH"' },
  );
  t.truthy(picked.find((p) => p.metric === 'process_resident_memory_bytes' && p.value === 123450000));
  t.truthy(picked.find((p) => p.metric === 'apiserver_current_inflight_requests' && p.labels === 'request_kind="readOnly"'));
});

test('/proc status memory fields', (t) => {
  t.deepEqual(parseProcStatus('Name:\tnode\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n'), { vmRSSBytes: 1024 * 1024, vmHWMBytes: 2048 * 1024 });
  t.throws(() => parseProcStatus('Name: x'), { message: /VmRSS/ });
});
