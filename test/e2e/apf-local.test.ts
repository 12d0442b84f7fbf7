// API Priority and Fairness on the local kube-apiserver: the load runs as its own user (not system:masters, which APF
// exempts), --flow-schema gives LIST and WATCH flow schemas of their own, and a LIST of a large collection costs more
// than one seat.
import test from 'ava';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN } from '../../src/cli/workload-registry.js';
import { runBenchmark } from '../../src/run/run.js';
import { cacheDir } from '../../src/tools/cache.js';
import { requiredEngine } from '../helpers/engine.js';
import { tokenRecordingLocalTarget } from '../helpers/local-tokens.js';
import { readManifest } from '../helpers/results.js';

const KUBE = '1.34.10';
// Decided before the test is declared, so a missing kube-apiserver is a reported skip, never a pass.
const apiserverBin = join(cacheDir(), 'bin', `kube-apiserver-v${KUBE}`);
const withApiserver = existsSync(apiserverBin) ? test : test.skip;

withApiserver(
  `--flow-schema on kube-apiserver ${KUBE}: the load's LISTs land in ksb-test-list, not exempt, at more than one seat each${existsSync(apiserverBin) ? '' : ` (skipped: ${apiserverBin} is not built; scripts/build-kube.sh ${KUBE} builds it)`}`,
  async (t) => {
    const engine = await requiredEngine();
    const out = await mkdtemp(join(tmpdir(), 'ksb-e2e-apf-'));
    t.teardown(() => rm(out, { recursive: true, force: true }));
    // Remember each target's tokens, to look for them in every file the run wrote.
    const { provider, tokens } = tokenRecordingLocalTarget(KUBE);
    // 200 × 100 KiB ConfigMaps: a LIST of ~20 MB, priced by APF well above its one-seat minimum.
    const result = await runBenchmark({
      workload: BUILT_IN.find((w) => w.name === 'large-list')!,
      sets: ['objects=200', 'objectSize=100KiB', 'clients=2', 'repeats=2'],
      variants: ['legacy', 'streaming'],
      reps: 1,
      outRoot: out,
      target: provider,
      engine,
      version: 'test',
      flowSchema: 'ksb-test',
      log: () => {},
    });
    const manifest = await readManifest(result.dir);
    t.is(manifest.status, 'complete', JSON.stringify(manifest.repetitions));
    t.is(manifest.flow_schema, 'ksb-test');
    for (const rep of manifest.repetitions) {
      t.is(rep.apf.user, 'ksb-load');
      t.false(rep.apf.groups.includes('system:masters'), 'the load is not in the group APF exempts');
      t.deepEqual(rep.apf.schemas, ['ksb-test-list', 'ksb-test-watch', 'ksb-test']);
    }
    for (const f of result.reps) {
      // APF puts a request in one flow schema: LISTs counted in ksb-test-list were not in exempt.
      t.true(f.apfListRequests >= 4, `${f.variant}: ${f.apfListRequests} LISTs in ksb-test-list (2 clients × 2)`);
      t.true(f.apfListSeatsPerRequest > 1, `${f.variant}: ${f.apfListSeatsPerRequest} seats per LIST`);
    }
    t.regex(result.summaryText, /APF seats per request: +LIST \d+\.\d over \d+ \(ksb-test-list\)/);
    // Neither token is in any file the run wrote.
    t.true(tokens.length >= 4, 'an admin and a load token per target');
    for (const file of await readdir(result.dir, { recursive: true })) {
      const path = join(result.dir, file);
      if (!(await stat(path)).isFile()) continue;
      const text = await readFile(path, 'utf8');
      for (const token of tokens) t.false(text.includes(token), `${file} holds no token`);
    }
  },
);
