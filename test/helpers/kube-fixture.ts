// The Kubernetes checkout fixture (scripts/make-kube-checkout.sh: k8s.io/kubernetes 1.33.13 from the module proxy,
// tagged v1.33.13, 9 commits on top, the 5th a regression of streaming collection encoding), kept in the tool cache so
// it is made once, and which of its commits a bisect of it builds: the good and bad ends and the steps a binary search
// takes to the regression (the search itself, with the regression as its oracle), plus the regression's parent.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bisectCommits } from '../../src/bisect/search.js';
import { cacheDir, scriptPath } from '../../src/tools/cache.js';

const exec = promisify(execFile);
const FIXTURE_VERSION = '1.33.13';
export const GOOD_REF = `v${FIXTURE_VERSION}`;

export function fixtureDir(): string {
  return join(cacheDir(), 'fixtures', `kubernetes-${FIXTURE_VERSION}`);
}

/** Makes the fixture (minutes, the module proxy) or finds it made; the regression commit's hash. */
export async function makeFixture(): Promise<string> {
  const { stdout } = await exec('bash', [scriptPath('make-kube-checkout.sh'), FIXTURE_VERSION, fixtureDir()], {
    timeout: 30 * 60_000,
    maxBuffer: 64 << 20,
  });
  return stdout.trim();
}

export interface FixturePlan {
  regression: string;
  /** the commit just before it */
  before: string;
  /** every commit a bisect from GOOD_REF to HEAD builds, and the --builds run's two */
  builds: string[];
  /** those not in ksb's build cache yet */
  missing: string[];
}

const git = async (...args: string[]) => (await exec('git', ['-C', fixtureDir(), ...args])).stdout.trim();

/** What a bisect of the fixture needs built; undefined when the fixture is not made. */
export async function fixturePlan(): Promise<FixturePlan | undefined> {
  const marker = join(fixtureDir(), '.git', 'ksb-fixture');
  if (!existsSync(marker)) return undefined;
  const regression = await makeFixture();
  const commits = (await git('rev-list', '--first-parent', '--reverse', `${GOOD_REF}..HEAD`)).split('\n');
  const probed: string[] = [];
  const bad = commits.indexOf(regression);
  await bisectCommits(commits, (c) => {
    probed.push(c);
    return Promise.resolve(commits.indexOf(c) >= bad ? 'bad' : 'good');
  });
  const good = await git('rev-parse', `${GOOD_REF}^{commit}`);
  const before = await git('rev-parse', `${regression}^`);
  const builds = [...new Set([good, commits[commits.length - 1]!, ...probed, before, regression])];
  const missing = builds.filter((c) => !existsSync(join(cacheDir(), 'builds', c, 'kube-apiserver')));
  return { regression, before, builds, missing };
}
