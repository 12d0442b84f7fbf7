// A workload file that cannot load: each fault is one line naming the file (and line), exit 2, in bounded time.
import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runKsb } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const API = fileURLToPath(new URL('../../../src/workload/index.ts', import.meta.url));
const head = `import { defineWorkload, informers, param } from ${JSON.stringify(API)};\n`;
const body = `export default defineWorkload({
  name: 'user', description: 'd', params: { n: param.int('n', 1) },
  seed: () => ({ resource: 'secrets', namespace: 'ksb', count: 1, objectBytes: 1024 }),
  scenarios: (p) => [informers({ count: p.n, resource: 'secrets', namespace: 'ksb', mode: 'auto', durationMs: 1000 })],
});
`;

const files: Array<[string, string, RegExp]> = [
  [
    'throws.ts',
    `${head}\nthrow new Error('no cluster config here');\n${body}`,
    /workload file .*throws\.ts:3:\d+: threw while loading: no cluster config here/,
  ],
  [
    'missing.ts',
    `${head}import { nope } from './not-there.js';\nvoid nope;\n${body}`,
    /workload file .*missing\.ts:2:\d+: Could not resolve "\.\/not-there\.js"/,
  ],
  ['syntax.ts', `${head}const x = ;\n${body}`, /workload file .*syntax\.ts:2:\d+: Unexpected ";"/],
  ['loops.ts', `${head}while (true) {}\n${body}`, /workload file .*loops\.ts: still loading after 10 s/],
  ['not-a-workload.ts', `export default { name: 'x' };\n`, /workload file .*not-a-workload\.ts: its default export is not defineWorkload/],
];

for (const [name, source, message] of files) {
  test(`ksb compile on a workload file that ${name.replace('.ts', '')}: one line, exit 2`, async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, name), source);
    // Bounded: ksb exits by itself (a file that never finishes loading by the loader's own 10 s guard, as its message
    // says), where a hang would be killed by the test after 60 s and leave no exit code.
    const r = await runKsb(['compile', join(dir, name), '--out', join(dir, 'out.js')], { timeoutMs: 60_000 });
    t.is(r.code, 2, r.code === null ? `ksb did not exit within 60 s and was killed: ${r.stderr}` : r.stderr);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  });
}
