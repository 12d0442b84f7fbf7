// The sampler keeps API Priority and Fairness per flow schema and priority level, other labels folded away.
import test from 'ava';
import { pickMetricSamples } from '../../src/collect/sampler.js';
import { parsePromText } from '../../src/targets/prom-text.js';

const PAGE = `
# TYPE apiserver_flowcontrol_work_estimated_seats histogram
apiserver_flowcontrol_work_estimated_seats_bucket{flow_schema="ksb-list",priority_level="ksb",le="1"} 0
apiserver_flowcontrol_work_estimated_seats_bucket{flow_schema="ksb-list",priority_level="ksb",le="+Inf"} 4
apiserver_flowcontrol_work_estimated_seats_sum{flow_schema="ksb-list",priority_level="ksb"} 40
apiserver_flowcontrol_work_estimated_seats_count{flow_schema="ksb-list",priority_level="ksb"} 4
apiserver_flowcontrol_work_estimated_seats_sum{flow_schema="global-default",priority_level="global-default"} 3
apiserver_flowcontrol_work_estimated_seats_count{flow_schema="global-default",priority_level="global-default"} 3
apiserver_flowcontrol_dispatched_requests_total{flow_schema="ksb-list",priority_level="ksb"} 4
apiserver_flowcontrol_request_wait_duration_seconds_sum{execute="true",flow_schema="ksb-list",priority_level="ksb"} 0.5
apiserver_flowcontrol_request_wait_duration_seconds_sum{execute="false",flow_schema="ksb-list",priority_level="ksb"} 0.25
apiserver_flowcontrol_request_wait_duration_seconds_count{execute="true",flow_schema="ksb-list",priority_level="ksb"} 3
apiserver_flowcontrol_request_wait_duration_seconds_count{execute="false",flow_schema="ksb-list",priority_level="ksb"} 1
apiserver_flowcontrol_request_wait_duration_seconds_bucket{execute="true",flow_schema="ksb-list",priority_level="ksb",le="0.1"} 3
`;

test('sampler: APF seats, dispatches and waits kept per flow schema and priority level; buckets and execute folded', (t) => {
  const kept = pickMetricSamples(parsePromText(PAGE)).filter((s) => s.metric.startsWith('apiserver_flowcontrol_'));
  const at = (metric: string, schema: string) => kept.filter((s) => s.metric === metric && s.labels.includes(`flow_schema="${schema}"`));
  t.deepEqual(at('apiserver_flowcontrol_work_estimated_seats_sum', 'ksb-list'), [
    { metric: 'apiserver_flowcontrol_work_estimated_seats_sum', value: 40, labels: 'flow_schema="ksb-list",priority_level="ksb"' },
  ]);
  t.is(at('apiserver_flowcontrol_work_estimated_seats_count', 'global-default')[0]?.value, 3);
  t.is(at('apiserver_flowcontrol_dispatched_requests_total', 'ksb-list')[0]?.value, 4);
  // execute="true" and "false" summed into one series
  t.deepEqual(
    at('apiserver_flowcontrol_request_wait_duration_seconds_sum', 'ksb-list').map((s) => s.value),
    [0.75],
  );
  t.is(at('apiserver_flowcontrol_request_wait_duration_seconds_count', 'ksb-list')[0]?.value, 4);
  t.false(kept.some((s) => s.metric.endsWith('_bucket')));
});
