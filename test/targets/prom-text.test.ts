import test from 'ava';
import { parsePromText } from '../../src/targets/prom-text.js';
import { TEXT } from '../helpers/prom-text.js';

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
