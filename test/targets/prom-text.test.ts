import test from 'ava';
import { formatLabels, parsePromText } from '../../src/targets/prom-text.js';
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
  t.throws(() => parsePromText('metric{a="b" c="d"} 1'), { message: /malformed labels in metrics line: metric\{a="b" c="d"\} 1/ });
  t.throws(() => parsePromText('metric{a="b\\"} 1'), { message: /malformed labels/ });
  t.throws(() => parsePromText('metric one'), { message: /not a sample value: one/ });
  t.throws(() => parsePromText('metric 1 # not an exemplar'), { message: /malformed metrics line/ });
});

// The exposition format's escapes in label values: \\ (backslash), \" (quote), \n (newline), read left to right.
// Each case is the text between the quotes on a /metrics line, and the value it stands for.
const escapes: Array<[string, string, string]> = [
  ['plain', 'abc', 'abc'],
  ['empty', '', ''],
  ['escaped backslash', 'a\\\\b', 'a\\b'],
  ['escaped quote', 'a\\"b', 'a"b'],
  ['escaped newline', 'a\\nb', 'a\nb'],
  ['an escaped backslash before n is not a newline', 'a\\\\nb', 'a\\nb'],
  ['an escaped backslash before a quote', '\\\\\\"', '\\"'],
  ['two escaped backslashes', '\\\\\\\\', '\\\\'],
  ['a Windows path, ending in a backslash', 'C:\\\\DIR\\\\', 'C:\\DIR\\'],
  ['a newline and quotes', 'Cannot find file:\\n\\"FILE.TXT\\"', 'Cannot find file:\n"FILE.TXT"'],
  ['braces, commas and equals signs', 'a},b=\\"c{', 'a},b="c{'],
  ['any other escape stays as written', 'a\\tb', 'a\\tb'],
  ['UTF-8', 'grüße → ✓', 'grüße → ✓'],
];
for (const [what, written, value] of escapes) {
  test(`label value escapes: ${what}`, (t) => {
    const [sample] = parsePromText(`m{l="${written}",after="x"} 1\n`);
    t.deepEqual(sample, { name: 'm', labels: { l: value, after: 'x' }, value: 1 });
    // formatLabels writes what the parser reads back (an unknown escape's backslash is written escaped).
    t.deepEqual(parsePromText(`m{${formatLabels({ l: value })}} 1`)[0]!.labels, { l: value });
  });
}

test('formatLabels escapes backslashes, quotes and newlines in values', (t) => {
  t.is(formatLabels({}), '');
  t.is(formatLabels({ verb: 'LIST', step: '2' }), 'verb="LIST",step="2"');
  t.is(formatLabels({ path: 'a"b\\c', x: 'new\nline' }), 'path="a\\"b\\\\c",x="new\\nline"');
  t.is(formatLabels({ l: 'a\\nb' }), 'l="a\\\\nb"');
});

test('OpenMetrics text: exemplars and float timestamps are read past, # EOF ends the page', (t) => {
  const text = [
    '# TYPE rpc_duration_seconds histogram',
    'rpc_duration_seconds_bucket{le="0.01"} 1 # {trace_id="6c1011d34f17c4ca"} 0.006',
    'rpc_duration_seconds_bucket{le="0.1"} 2 1700000000.250 # {trace_id="a}b # c"} 0.05 1700000000.1',
    'rpc_duration_seconds_bucket{le="+Inf"} 3 1700000000250',
    'rpc_duration_seconds_count 3 # {} 1e-3',
    '# EOF',
    'after_eof 1',
    'not even a metrics line',
  ].join('\n');
  t.deepEqual(parsePromText(text), [
    { name: 'rpc_duration_seconds_bucket', labels: { le: '0.01' }, value: 1 },
    { name: 'rpc_duration_seconds_bucket', labels: { le: '0.1' }, value: 2 },
    { name: 'rpc_duration_seconds_bucket', labels: { le: '+Inf' }, value: 3 },
    { name: 'rpc_duration_seconds_count', labels: {}, value: 3 },
  ]);
});
