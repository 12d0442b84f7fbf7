// The engine the tests use: ksb-runner, built from runner/ into the tool cache (pretest builds it).
import { findRunner } from '../../src/tools/runner.js';
import type { EngineChoice } from '../../src/run/run.js';

export async function requiredEngine(): Promise<EngineChoice> {
  const r = await findRunner();
  if (!r) throw new Error('ksb-runner is not built: run `bash scripts/build-runner.sh` (npm test does) or `npx ksb doctor`');
  return { path: r.path, record: { name: 'ksb-runner', version: r.version, go: r.go, client_go: r.client_go } };
}
