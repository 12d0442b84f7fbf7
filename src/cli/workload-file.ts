// A user's workload file, bundled and loaded with its faults reported as the user wrote them: a module that
// cannot be resolved or compiled names file:line:column; one that throws while loading names the line it threw
// at; one that never finishes loading (an endless loop at the top level) is stopped after LOAD_TIMEOUT_MS.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BuildFailure } from 'esbuild';
import { InputError } from '../errors/input-error.js';

const LOAD_TIMEOUT_MS = 10_000;

async function bundle(path: string, shown: string): Promise<Uint8Array> {
  const { build } = await import('esbuild');
  try {
    const out = await build({
      entryPoints: [path],
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
      sourcemap: 'inline',
    });
    return out.outputFiles[0]!.contents;
  } catch (e) {
    const first = (e as BuildFailure).errors?.[0];
    if (!first) throw e;
    const at = first.location ? `${first.location.file}:${first.location.line}:${first.location.column}` : shown;
    throw new InputError(`workload file ${at}: ${first.text}`);
  }
}

// The probe imports the bundle in a worker with source maps on, so a stack names the user's file and line.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
process.setSourceMapsEnabled(true);
import(workerData.url).then(
  () => parentPort.postMessage({ ok: true }),
  (e) => parentPort.postMessage({ ok: false, message: String(e && e.message), stack: String(e && e.stack) }),
);
`;

/** Loads the bundle once in a worker: a throw or an endless loop at load time is reported, bounded in time. */
function probe(file: string, shown: string): Promise<void> {
  const worker = new Worker(PROBE, { eval: true, workerData: { url: pathToFileURL(file).href } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new InputError(`workload file ${shown}: still loading after ${LOAD_TIMEOUT_MS / 1000} s (an endless loop at the top level?)`));
    }, LOAD_TIMEOUT_MS);
    worker.once('message', (m: { ok: boolean; message?: string; stack?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.ok) return resolve();
      const frame = m.stack?.split('\n').find((l) => l.includes(basename(shown)));
      const at = /\(?([^()\s]+:\d+:\d+)\)?\s*$/.exec(frame ?? '')?.[1];
      reject(new InputError(`workload file ${at ?? shown}: threw while loading: ${m.message}`));
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(new InputError(`workload file ${shown}: threw while loading: ${e.message}`));
    });
  });
}

/** Bundles and imports a workload file; returns its default export. */
export async function importWorkloadFile(path: string, shown: string): Promise<unknown> {
  const code = await bundle(path, shown);
  const dir = await mkdtemp(join(tmpdir(), 'ksb-workload-'));
  try {
    const file = join(dir, 'workload.mjs');
    await writeFile(file, code);
    await probe(file, shown);
    return ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
