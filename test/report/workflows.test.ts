// The workflow templates cannot run here; actionlint checks them as GitHub would parse them.
import test from 'ava';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { scriptPath } from '../../src/tools/cache.js';

const run = promisify(execFile);
const dir = fileURLToPath(new URL('../../../templates/github-workflows/', import.meta.url));

test('the nightly and PR workflow templates pass actionlint', async (t) => {
  const { stdout } = await run('bash', [scriptPath('install-actionlint.sh')], { timeout: 10 * 60_000 });
  const actionlint = stdout.trim().split('\n').at(-1)!;
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yml')).sort();
  t.deepEqual(files, ['nightly.yml', 'pr-benchmark.yml']);
  const result = await run(actionlint, ['-no-color', ...files.map((f) => dir + f)]).then(
    () => ({ ok: true, out: '' }),
    (e: { stdout: string }) => ({ ok: false, out: e.stdout }),
  );
  t.true(result.ok, result.out);
});

test('the templates do what their users expect: history kept, artifacts uploaded, one PR comment, gate by label, the repetitions bench:stats asks for', async (t) => {
  const nightly = await readFile(dir + 'nightly.yml', 'utf8');
  for (const s of [
    'schedule:',
    'ksb target install local',
    'ksb history add',
    'ksb history report',
    'actions/upload-artifact',
    '--variant both',
    '--reps 5',
    '--window 10 --gate apiserver_rss_peak_bytes --gate apiserver_allocated_bytes',
    // optional charts with github-action-benchmark, fed by `ksb export results`
    "if: vars.KSB_GITHUB_ACTION_BENCHMARK == 'true'",
    'ksb export results "$run" --format github-action-benchmark',
    'uses: benchmark-action/github-action-benchmark@v1',
    'tool: customSmallerIsBetter',
    'external-data-json-path: history/github-action-benchmark.json',
  ])
    t.true(nightly.includes(s), s);
  const pr = await readFile(dir + 'pr-benchmark.yml', 'utf8');
  for (const s of [
    'git merge-base',
    'REPS: 6',
    'for i in $(seq 1 "$REPS")',
    'GATES: --gate apiserver_rss_peak_bytes --gate errors',
    'ksb compare bench/base bench/head $GATES',
    '<!-- kube-stream-bench -->',
    'updateComment',
    "contains(github.event.pull_request.labels.*.name, 'benchmark-gate')",
    '--fail-on-regression',
    // the comment is report.md with its Mermaid graphs, kept under GitHub's limit
    "fs.readFileSync('bench/report/report.md', 'utf8')",
    'if (body.length > 65536)',
  ])
    t.true(pr.includes(s), s);
  t.notRegex(pr, /mermaid[^\n]*=>\s*''/, 'the graphs are posted, not stripped');
});
