// The k6 the tests use: the project's pinned build (CI installs it with scripts/install-k6.sh).
import { findK6, type FoundK6 } from '../../src/tools/k6.js';

export async function requiredK6(): Promise<FoundK6> {
  const k6 = await findK6();
  if (!k6) throw new Error('k6 is not installed: run `bash scripts/install-k6.sh` (CI does) or `npx ksb doctor`');
  return k6;
}

export async function requireK6(): Promise<string> {
  return (await requiredK6()).path;
}
