// A damaged run directory given to compare, report or history: one line naming the file and the problem,
// exit 2, no stack trace.
import test from 'ava';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runKsb } from '../helpers/cli.js';
import { fakeRun } from '../helpers/fake-run.js';
import { tempDir } from '../helpers/tmp.js';

type Damage = (dir: string) => Promise<void>;

const damages: Array<[string, Damage, RegExp]> = [
  ['samples.csv missing', (d) => rm(join(d, 'samples.csv')), /samples\.csv: missing/],
  [
    'requests.csv truncated inside a quoted field',
    async (d) => {
      const text = await readFile(join(d, 'requests.csv'), 'utf8');
      await writeFile(join(d, 'requests.csv'), `${text}run,legacy,1,5,informers,list,200,"12`);
    },
    /requests\.csv: not a readable CSV .*damaged or truncated/,
  ],
  [
    'samples.csv with other columns',
    async (d) => writeFile(join(d, 'samples.csv'), 'a,b,c\n1,2,3\n'),
    /samples\.csv: columns are "a,b,c", expected "run_id,variant,rep,t_ms,source,metric,value,labels"/,
  ],
  [
    'a value that is not a number',
    async (d) => {
      const text = await readFile(join(d, 'samples.csv'), 'utf8');
      const lines = text.split('\n');
      lines[2] = lines[2]!.replace(/,proc,apiserver_rss_bytes,[^,]+,/, ',proc,apiserver_rss_bytes,NaN,');
      await writeFile(join(d, 'samples.csv'), lines.join('\n'));
    },
    /samples\.csv line 3: value is "NaN", expected a number/,
  ],
  [
    'run.json from the future',
    async (d) => {
      const m = JSON.parse(await readFile(join(d, 'run.json'), 'utf8')) as Record<string, unknown>;
      await writeFile(join(d, 'run.json'), JSON.stringify({ ...m, format: 99 }));
    },
    /run\.json: run format 99, written by a newer kube-stream-bench/,
  ],
  ['run.json cut short', (d) => writeFile(join(d, 'run.json'), '{"run_id": "x", "workl'), /run\.json: not valid JSON/],
];

for (const [what, damage, message] of damages) {
  test(`compare, report and history on a run with ${what}: one line, exit 2`, async (t) => {
    const root = await tempDir(t);
    const dir = await fakeRun(root, 'damaged', { legacy: { peaksMiB: [900, 950] }, streaming: { peaksMiB: [200, 210] } });
    await damage(dir);
    for (const args of [
      ['compare', dir, '--out', join(root, 'cmp')],
      ['report', dir, '--out', join(root, 'rep')],
      ['history', 'add', dir, '--db', join(root, 'history.csv')],
    ]) {
      const r = await runKsb(args);
      t.is(r.code, 2, `${args[0]}: ${r.stderr}`);
      t.regex(r.stderr, message, args[0]);
      t.is(r.stderr.trim().split('\n').length, 1, `${args[0]}: one line, no stack: ${r.stderr}`);
    }
  });
}
