// API Priority and Fairness per repetition: what the load's flow schemas were charged, from the folded /metrics rows.
import test from 'ava';
import type { SampleRow } from '../../src/results/rows.js';
import { repFigures } from '../../src/results/summary.js';

const row = (metric: string, t_ms: number, value: number, schema: string, level = schema): SampleRow => ({
  run_id: 'r',
  variant: 'v',
  rep: 1,
  t_ms,
  source: 'metrics',
  metric,
  value,
  labels: `flow_schema="${schema}",priority_level="${level}"`,
});

const SEATS_SUM = 'apiserver_flowcontrol_work_estimated_seats_sum';
const SEATS_COUNT = 'apiserver_flowcontrol_work_estimated_seats_count';
const DISPATCHED = 'apiserver_flowcontrol_dispatched_requests_total';
const WAIT_SUM = 'apiserver_flowcontrol_request_wait_duration_seconds_sum';
const WAIT_COUNT = 'apiserver_flowcontrol_request_wait_duration_seconds_count';

const samples: SampleRow[] = [
  // ksb-list: one probe LIST before the load (10 seats), then 4 more LISTs of 10 seats
  row(SEATS_SUM, -500, 10, 'ksb-list', 'ksb'),
  row(SEATS_COUNT, -500, 1, 'ksb-list', 'ksb'),
  row(DISPATCHED, -500, 1, 'ksb-list', 'ksb'),
  row(SEATS_SUM, 1000, 50, 'ksb-list', 'ksb'),
  row(SEATS_COUNT, 1000, 5, 'ksb-list', 'ksb'),
  row(DISPATCHED, 1000, 5, 'ksb-list', 'ksb'),
  row(WAIT_SUM, 1000, 0.02, 'ksb-list', 'ksb'),
  row(WAIT_COUNT, 1000, 4, 'ksb-list', 'ksb'),
  // ksb-watch: first seen during the load (APF makes a series on first use): grew from zero, 2 watches of 1 seat
  row(SEATS_SUM, 1000, 2, 'ksb-watch', 'ksb'),
  row(SEATS_COUNT, 1000, 2, 'ksb-watch', 'ksb'),
  row(DISPATCHED, 1000, 2, 'ksb-watch', 'ksb'),
  // another user's schema: not the load's
  row(SEATS_SUM, 1000, 900, 'global-default'),
  row(SEATS_COUNT, 1000, 9, 'global-default'),
];

test('APF figures: deltas over the load of the load’s flow schemas, per verb where --flow-schema split them', (t) => {
  const f = repFigures('v', 1, samples, [], new Set(), { schemas: ['ksb-list', 'ksb-watch', 'ksb'], list: 'ksb-list', watch: 'ksb-watch' });
  t.is(f.apfRequests, 6); // 4 LISTs + 2 WATCHes during the load
  t.is(f.apfSeatsTotal, 42); // 40 + 2
  t.is(f.apfSeatsPerRequest, 7);
  t.is(f.apfListRequests, 4);
  t.is(f.apfListSeatsPerRequest, 10);
  t.is(f.apfWatchRequests, 2);
  t.is(f.apfWatchSeatsPerRequest, 1);
  t.is(f.apfWaitMeanMs, 5); // 0.02 s over 4 requests
  t.deepEqual(f.apf?.list, 'ksb-list');
});

test('APF figures: one flow schema for every verb; per-verb figures unknown', (t) => {
  const f = repFigures('v', 1, samples, [], new Set(), { schemas: ['global-default'] });
  t.is(f.apfSeatsPerRequest, 100);
  t.is(f.apfSeatsTotal, 900);
  t.is(f.apfRequests, 9); // no dispatched family for it: the estimated count stands in
  t.true(Number.isNaN(f.apfListSeatsPerRequest));
  t.true(Number.isNaN(f.apfWatchSeatsPerRequest));
});

test('APF figures: absent (NaN, not 0) without APF metrics, without a scope, or with nothing estimated', (t) => {
  const mock = repFigures('v', 1, [], [], new Set(), { schemas: [], note: 'the mock has no API Priority and Fairness' });
  for (const x of [mock.apfRequests, mock.apfSeatsTotal, mock.apfSeatsPerRequest, mock.apfWaitMeanMs]) t.true(Number.isNaN(x));
  t.is(mock.apf?.note, 'the mock has no API Priority and Fairness');
  t.true(Number.isNaN(repFigures('v', 1, samples, [], new Set()).apfSeatsPerRequest));
  // The family is there but not for this schema: no request was estimated, so there is no per-request figure.
  const idle = repFigures('v', 1, samples, [], new Set(), { schemas: ['ksb-idle'] });
  t.is(idle.apfSeatsTotal, 0);
  t.true(Number.isNaN(idle.apfSeatsPerRequest));
});
