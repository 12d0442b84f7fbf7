import test from 'ava';
import { parsePromText } from '../../src/targets/prom-text.js';
import { pickMetricSamples } from '../../src/collect/sampler.js';
import { parseProcStatus } from '../../src/collect/proc-status.js';

const TEXT = `# HELP process_resident_memory_bytes Resident memory size in bytes.
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes 1.2345e+08
apiserver_current_inflight_requests{request_kind="readOnly"} 3
apiserver_longrunning_requests{component="apiserver",group="",resource="secrets",scope="cluster",subresource="",verb="WATCH",version="v1"} 16
apiserver_longrunning_requests{component="apiserver",group="",resource="pods",scope="cluster",subresource="",verb="WATCH",version="v1"} 2
weird_label{path="a\\"b\\\\c",x="new\\nline"} NaN
go_gc_duration_seconds{quantile="1"} +Inf 1700000000000
nodejs_eventloop_lag_seconds Nan
`;

test('parses values, labels with escapes, NaN/Inf and timestamps', (t) => {
  const s = parsePromText(TEXT);
  t.is(s.length, 7);
  t.deepEqual(s[0], { name: 'process_resident_memory_bytes', labels: {}, value: 123450000 });
  t.deepEqual(s[4]!.labels, { path: 'a"b\\c', x: 'new\nline' });
  t.true(Number.isNaN(s[4]!.value));
  t.is(s[5]!.value, Infinity);
  t.true(Number.isNaN(s[6]!.value));
});

test('rejects malformed lines with the line in the message', (t) => {
  t.throws(() => parsePromText('metric{a="b" 1'), { message: /malformed/ });
  t.throws(() => parsePromText('metric one'), { message: /not a sample value: one/ });
});

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
