// A real Prometheus for the tests (Debian's 2.42, installed by scripts/install-prometheus.sh), on 127.0.0.1 with a
// generated config, a temporary TSDB and the remote-write receiver on; stopped and removed when the test ends.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cacheDir } from '../../src/tools/cache.js';
import { freePort } from '../../src/targets/local/ports.js';
import { exitWithin } from './net.js';
import { tempDir } from './tmp.js';

const VERSION = '2.42.0';

function prometheusBinary(): string {
  const path = join(cacheDir(), 'bin', `prometheus-v${VERSION}`);
  if (!existsSync(path)) throw new Error(`Prometheus ${VERSION} is not installed: run \`bash scripts/install-prometheus.sh\` (CI does)`);
  return path;
}

export interface TestPrometheus {
  url: string;
  dir: string;
  logs(): string;
}

/** Starts Prometheus scraping `scrapeConfigs` every second; ready when /-/ready answers. */
export async function startPrometheus(t: { teardown(f: () => Promise<void>): void }, scrapeConfigs: unknown[]): Promise<TestPrometheus> {
  const dir = await tempDir(t, 'ksb-prometheus-');
  await writeFile(
    join(dir, 'prometheus.yml'),
    stringify({ global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' }, scrape_configs: scrapeConfigs }),
  );
  const port = await freePort();
  const child = spawn(
    prometheusBinary(),
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (d) => (log = (log + String(d)).slice(-20_000)));
  // Registered after tempDir's, and AVA runs teardowns last-in first-out: the process ends before its directory goes.
  t.teardown(async () => {
    child.kill('SIGTERM');
    await exitWithin(child, 15_000).catch(() => child.kill('SIGKILL'));
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${log}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, dir, logs: () => log };
    if (Date.now() > deadline) throw new Error(`prometheus not ready within 30 s: ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
