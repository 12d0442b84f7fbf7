// Real clients against the mock and the local kube-apiserver 1.33.13: kubectl's everyday commands and a typed
// client-go Create in protobuf. Both targets run the same script; exit codes and output shapes must agree, and
// each step's exit code must be the one kube-apiserver gives. Where kubectl or the client-go program is not built
// the tests are skipped, with what is missing in their titles (scripts/setup-test-tools.sh builds both).
import anyTest, { type TestFn } from 'ava';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localTarget } from '../../src/targets/local/local-target.js';
import { DEFAULT_KUBE_VERSION } from '../../src/targets/versions.js';
import { cacheDir } from '../../src/tools/cache.js';
import { VARIANTS } from '../../src/variants/variants.js';
import { createNamespace, uniqueNamespace } from '../helpers/raw.js';
import { startMock, type TestTarget } from '../helpers/target.js';
import { kubectlFor, type Kubectl, type Run } from './real-clients/kubectl.js';
import { KUBECTL_STEPS } from './real-clients/steps.js';
import { shapeOf } from './real-clients/shapes.js';

type Context = { mock: TestTarget; local: TestTarget };
const test = anyTest as TestFn<Context>;

const KUBECTL = join(cacheDir(), 'bin', `kubectl-v${DEFAULT_KUBE_VERSION}`);
const CLIENT_GO_SRC = fileURLToPath(new URL('../../../tools/client-go-create/', import.meta.url));

/** The path scripts/build-client-go-create.sh installs to: client-go's version and a hash of the sources. */
function clientGoCreatePath(): string {
  const mod = readFileSync(join(CLIENT_GO_SRC, 'go.mod'), 'utf8');
  const version = /^\s*k8s\.io\/client-go (v[\d.]+)/m.exec(mod)?.[1] ?? 'unknown';
  const sum = createHash('sha256')
    .update(Buffer.concat(['go.mod', 'go.sum', 'main.go'].map((f) => readFileSync(join(CLIENT_GO_SRC, f)))))
    .digest('hex')
    .slice(0, 12);
  return join(cacheDir(), 'bin', `client-go-create-${version}-${sum}`);
}
const CLIENT_GO_CREATE = clientGoCreatePath();

const kubectlMissing = existsSync(KUBECTL)
  ? undefined
  : `kubectl v${DEFAULT_KUBE_VERSION} is not built (${KUBECTL}: bash scripts/build-kubectl.sh)`;
const clientGoMissing = existsSync(CLIENT_GO_CREATE)
  ? undefined
  : `tools/client-go-create is not built (${CLIENT_GO_CREATE}: bash scripts/build-client-go-create.sh)`;

test.before(async (t) => {
  if (kubectlMissing && clientGoMissing) return;
  t.context.mock = await startMock({ featureGates: 'WatchList=true' });
  const provider = localTarget({ kubeVersion: DEFAULT_KUBE_VERSION, log: () => {} });
  const running = await provider.start(VARIANTS.streaming!);
  t.context.local = {
    kind: 'local',
    url: running.url,
    token: running.token,
    ca: running.caPem,
    watchListEnabled: true,
    close: () => running.stop(),
  };
});
test.after.always(async (t) => {
  await t.context.mock?.close();
  await t.context.local?.close();
});

interface StepResult {
  step: string;
  code: number | null;
  shape: unknown;
  stderr: string;
}

async function runScript(kubectl: Kubectl, ns: string): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of KUBECTL_STEPS) {
    const r: Run = step.watch
      ? await kubectl.watch(
          step.args(ns),
          (out) => step.watch!.until(out),
          () => kubectl.run(step.watch!.poke(ns)).then(() => undefined),
        )
      : await kubectl.run(step.args(ns), step.stdin?.(ns));
    results.push({
      step: step.name,
      code: r.code,
      shape: r.code === 0 ? shapeOf(step.shape, r.stdout, ns) : shapeOf('text', r.stderr, ns),
      stderr: r.stderr.slice(0, 500),
    });
  }
  return results;
}

const kubectlTest = kubectlMissing ? test.skip : test;
kubectlTest(
  `kubectl ${DEFAULT_KUBE_VERSION}: ${KUBECTL_STEPS.length} everyday commands give the same exit codes and output shapes on the mock and kube-apiserver${kubectlMissing ? ` (skipped: ${kubectlMissing})` : ''}`,
  async (t) => {
    const ns = uniqueNamespace('kubectl');
    const kubectls = await Promise.all([kubectlFor(KUBECTL, t.context.mock), kubectlFor(KUBECTL, t.context.local)]);
    t.teardown(() => Promise.all(kubectls.map((k) => rm(k.dir, { recursive: true, force: true }))).then(() => undefined));
    const [onMock, onLocal] = await Promise.all(kubectls.map((k) => runScript(k, ns)));
    for (let i = 0; i < KUBECTL_STEPS.length; i++) {
      const step = KUBECTL_STEPS[i]!;
      const [m, l] = [onMock![i]!, onLocal![i]!];
      t.is(l.code, step.exit, `kube-apiserver: ${step.name}: ${l.stderr}`);
      t.is(m.code, l.code, `mock vs kube-apiserver exit code: ${step.name}: ${m.stderr}`);
      t.deepEqual(m.shape, l.shape, `output shape: ${step.name}`);
    }
  },
);

async function clientGoCreate(target: TestTarget, ns: string, json: boolean): Promise<Run> {
  const args = ['-server', target.url, '-namespace', ns, '-name', json ? 'probe-json' : 'probe-protobuf'];
  if (target.token) args.push('-token', target.token);
  if (target.ca) {
    const dir = await mkdtemp(join(tmpdir(), 'ksb-cgo-'));
    await writeFile(join(dir, 'ca.pem'), target.ca);
    args.push('-ca-file', join(dir, 'ca.pem'));
  }
  if (json) args.push('-json');
  return new Promise((resolve, reject) => {
    const child = spawn(CLIENT_GO_CREATE, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const clientGoTest = clientGoMissing ? test.skip : test;
clientGoTest(
  `client-go typed Create and Update of a ConfigMap without namespace, protobuf and JSON, on the mock and kube-apiserver${clientGoMissing ? ` (skipped: ${clientGoMissing})` : ''}`,
  async (t) => {
    for (const target of [t.context.mock, t.context.local]) {
      const ns = uniqueNamespace('cgo');
      await createNamespace(target, ns);
      for (const json of [false, true]) {
        const r = await clientGoCreate(target, ns, json);
        t.is(r.code, 0, `${target.kind} ${json ? 'JSON' : 'protobuf'}: ${r.stderr}`);
        if (r.code === 0)
          t.like(
            JSON.parse(r.stdout),
            { createdNamespace: ns, updatedNamespace: ns, data: 'v2' },
            `${target.kind} ${json ? 'JSON' : 'protobuf'}`,
          );
      }
    }
  },
);
