// `ksb run --flow-schema` refuses a bad name, or the mock, before anything starts: exit 2, the flag named.
import test from 'ava';
import { runKsb } from '../helpers/cli.js';

test('ksb run --flow-schema: a bad name or the mock exits 2 naming the flag, before any target starts', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['run', 'large-list', '--target', 'local', '--flow-schema', 'Bad_Name'], /^ksb: --flow-schema "Bad_Name": expected a DNS-1123 name/],
    [['run', 'large-list', '--flow-schema', 'ksb-test'], /^ksb: --flow-schema: the mock has no API Priority and Fairness/],
  ];
  for (const [args, message] of cases) {
    const r = await runKsb(args, { timeoutMs: 30_000 });
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, message, args.join(' '));
    t.notRegex(r.stderr, /starting \w+ target/, 'nothing started');
  }
});
