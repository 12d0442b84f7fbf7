import test from 'ava';
import { SampleStore } from '../../src/collect/sample-store.js';

test('samples come back as rows, in order, across growth of the arrays, with each series stored once', (t) => {
  const store = new SampleStore();
  const base = { run_id: 'r', variant: 'streaming', rep: 2 };
  for (let i = 0; i < 10_000; i++) {
    store.push(i * 100, 'proc', 'apiserver_rss_bytes', 1e9 + i, '');
    store.push(i * 100 + 1, 'metrics', 'apiserver_longrunning_requests', i % 7, `verb="${i % 2 ? 'WATCH' : 'LIST'}"`);
  }
  t.is(store.length, 20_000);
  const rows = store.rows(base);
  t.is(rows.length, 20_000);
  t.deepEqual(rows[0], { ...base, t_ms: 0, source: 'proc', metric: 'apiserver_rss_bytes', value: 1e9, labels: '' });
  t.deepEqual(rows[19_999], {
    ...base,
    t_ms: 999_901,
    source: 'metrics',
    metric: 'apiserver_longrunning_requests',
    value: 9999 % 7,
    labels: 'verb="WATCH"',
  });
  t.true(rows.every((r, i) => i === 0 || r.t_ms >= rows[i - 1]!.t_ms));
  t.is(new Set(rows.map((r) => `${r.source}|${r.metric}|${r.labels}`)).size, 3);
  t.true(Number.isNaN(((): number => (store.push(5, 'proc', 'x', NaN, ''), store.rows(base).at(-1)!.value))()), 'NaN kept');
});
