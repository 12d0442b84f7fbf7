import test from 'ava';
import { once } from 'node:events';
import { runKsb, startKsb } from '../helpers/cli.js';

test('ksb mock --port 0 prints its address first, serves, and exits 0 on SIGTERM', async (t) => {
  const { child, firstLine } = await startKsb([
    'mock',
    '--port',
    '0',
    '--feature-gates',
    'StreamingCollectionEncodingToJSON=false,WatchList=true',
  ]);
  t.teardown(() => child.kill('SIGKILL'));
  const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(firstLine);
  t.truthy(m, firstLine);
  const res = await fetch(`${m![1]}/readyz`);
  t.is(res.status, 200);
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  t.is(code, 0);
});

test('ksb --version and --help', async (t) => {
  const v = await runKsb(['--version']);
  t.is(v.code, 0);
  t.regex(v.stdout, /^\d+\.\d+\.\d+/);
  const h = await runKsb(['--help']);
  t.regex(h.stdout, /mock/);
});

const badFlags: Array<[string[], RegExp]> = [
  [['mock', '--port', 'http'], /--port.*expected a port number/],
  [['mock', '--feature-gates', 'WatchLst=true'], /--feature-gates.*unrecognized feature gate: WatchLst/],
  [['mock', '--feature-gates', 'WatchList=yes'], /--feature-gates.*invalid value of WatchList=yes/],
  [['mock', '--max-object-size', 'big'], /--max-object-size.*expected a size/],
  [['mock', '--continue-ttl', '5'], /--continue-ttl.*expected a duration/],
  [['mock', '--token-file', '/nonexistent/tokens.csv'], /cannot read --token-file \/nonexistent\/tokens.csv/],
];
for (const [args, message] of badFlags) {
  test(`bad flag ${args.slice(1).join(' ')} exits non-zero and names the flag`, async (t) => {
    // A bad flag ends ksb by itself; the default bound only stops a hung one (a loaded machine starts Node slowly).
    const r = await runKsb(args);
    t.not(r.code, 0);
    t.regex(r.stderr, message);
  });
}
