import test from 'ava';
import { spawnSync } from 'node:child_process';
import {
  controlPlaneStatsCommand,
  kindConfig,
  kindDownCommand,
  kindGatePlan,
  kindUpCommand,
  nodeImage,
  parseMemUsage,
} from '../../src/targets/kind/kind-config.js';
import { requireKind } from '../../src/targets/kind/kind-target.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runKsb } from '../helpers/cli.js';
import { checkKindConfigs } from '../helpers/kind-config-check.js';

const autoPlan = (release: string) => kindGatePlan(release, { kind: 'auto' });

// The configs are read back with a YAML parser: what kind sees, not how the text happens to be laid out.
const config = (variant: string, release: string, plan = autoPlan(release)) => parse(kindConfig(variant, release, plan));

test('kind config on 1.33 switches every streaming gate per variant', (t) => {
  const legacy = config('legacy', '1.33.13');
  t.like(legacy, {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: 'ksb-legacy',
    runtimeConfig: { 'api/alpha': 'false' },
    networking: { apiServerAddress: '127.0.0.1', apiServerPort: 0 },
  });
  t.deepEqual(legacy.featureGates, {
    StreamingCollectionEncodingToJSON: false,
    StreamingCollectionEncodingToProtobuf: false,
    WatchList: false,
  });
  t.deepEqual(legacy.nodes, [{ role: 'control-plane', image: 'kindest/node:v1.33.13' }]);
  t.false('kubeadmConfigPatches' in legacy);
  t.is(config('streaming', '1.33.13').featureGates.WatchList, true);
});

test('kind config on 1.34-1.36 emulates 1.33 on the API server only, with every gate there', (t) => {
  const cfg = config('legacy', '1.35.4');
  // featureGates reach every component: only gates that 1.35 itself can switch go there.
  t.deepEqual(cfg.featureGates, { WatchList: false });
  // The kubeadm patch is a YAML document in a string; "1.33" stays a string, not the number 1.33.
  t.is(cfg.kubeadmConfigPatches.length, 1);
  t.deepEqual(parse(cfg.kubeadmConfigPatches[0]), {
    kind: 'ClusterConfiguration',
    apiServer: {
      extraArgs: {
        'emulated-version': '1.33',
        'feature-gates': 'StreamingCollectionEncodingToJSON=false,StreamingCollectionEncodingToProtobuf=false,WatchList=false',
      },
    },
  });
  t.is(parse(config('streaming', '1.35.4').kubeadmConfigPatches[0]).apiServer.extraArgs['emulated-version'], '1.33');
  t.is(nodeImage('1.35.4'), 'kindest/node:v1.35.4');
  t.throws(() => autoPlan('1.2.3'), { message: /--kube-version 1\.2\.3: the local target supports 1\.33 and newer/ });
});

test('kind config on 1.37 (or with emulation off) leaves out the encoding gates it cannot switch', (t) => {
  for (const cfg of [
    kindConfig('legacy', '1.37.2', autoPlan('1.37.2')),
    kindConfig('legacy', '1.35.4', kindGatePlan('1.35.4', { kind: 'off' })),
  ]) {
    t.notRegex(cfg, /StreamingCollectionEncoding|emulated-version/);
    t.regex(cfg, /WatchList: false/);
  }
});

test("generated kind configs pass kind's own v1alpha4 types, decoded strictly", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ksb-kind-config-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const files: string[] = [];
  for (const release of ['1.33.13', '1.35.4', '1.37.2'])
    for (const variant of ['legacy', 'streaming']) {
      const file = join(dir, `${variant}-${release}.yaml`);
      await writeFile(file, kindConfig(variant, release, autoPlan(release)));
      files.push(file);
    }
  const ok = await checkKindConfigs(files);
  t.is(ok.code, 0, ok.output);
  t.regex(ok.output, /legacy-1\.35\.4\.yaml: ok \(kind v1alpha4; ClusterConfiguration patch: apiServer\.extraArgs emulated-version=1\.33/);
  // The checker can fail: a misspelt field is refused.
  const bad = join(dir, 'bad.yaml');
  await writeFile(bad, kindConfig('legacy', '1.33.13', autoPlan('1.33.13')).replace('featureGates:', 'featureGate:'));
  const refused = await checkKindConfigs([bad]);
  t.not(refused.code, 0);
  t.regex(refused.output, /bad\.yaml: .*unknown field "featureGate"/);
});

test('kind commands and docker stats parsing', (t) => {
  t.deepEqual(kindUpCommand('streaming', 'c.yaml', 'kc'), {
    cmd: 'kind',
    args: ['create', 'cluster', '--name', 'ksb-streaming', '--config', 'c.yaml', '--kubeconfig', 'kc', '--wait', '180s'],
  });
  t.deepEqual(kindDownCommand('legacy'), { cmd: 'kind', args: ['delete', 'cluster', '--name', 'ksb-legacy'] });
  t.deepEqual(controlPlaneStatsCommand('legacy').args.at(-1), 'ksb-legacy-control-plane');
  t.is(parseMemUsage('1.5GiB / 23.4GiB'), 1.5 * 1024 ** 3);
  t.is(parseMemUsage('512MiB / 2GiB'), 512 * 1024 ** 2);
  t.is(parseMemUsage('--'), undefined);
});

test('ksb target kind up --dry-run prints the config and the exact command, with or without an engine', async (t) => {
  const dry = await runKsb(['target', 'kind', 'up', '--variant', 'streaming', '--dry-run']);
  t.is(dry.code, 0, dry.stderr);
  t.regex(dry.stdout, /kind create cluster --name ksb-streaming/);
  t.regex(dry.stdout, /WatchList: true/);
  const emulated = await runKsb(['target', 'kind', 'up', '--variant', 'legacy', '--kube-version', '1.34.10', '--dry-run']);
  t.is(emulated.code, 0, emulated.stderr);
  t.regex(emulated.stdout, /emulated-version: "1\.33"/);
  t.regex(emulated.stderr, /every variant runs with --emulated-version 1\.33/);
});

// Decided before the tests are declared (ava needs them synchronously): is any container engine answering?
const engine = ['docker', 'podman', 'nerdctl'].find((cmd) => spawnSync(cmd, ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0);
const noEngine = 'without a running container engine the kind target says so and points to the local target';
(engine ? test.skip : test)(engine ? `${noEngine} (skipped: \`${engine} info\` answers here)` : noEngine, async (t) => {
  await t.throwsAsync(requireKind(), { message: /the kind target needs a running container engine: .*use --target local/ });
  const r = await runKsb(['target', 'kind', 'up', '--variant', 'streaming']);
  t.not(r.code, 0);
  t.regex(r.stderr, /use --target local/);
});
