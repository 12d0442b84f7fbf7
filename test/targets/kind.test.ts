import test from 'ava';
import { spawnSync } from 'node:child_process';
import {
  controlPlaneStatsCommand,
  kindConfig,
  kindDownCommand,
  kindUpCommand,
  nodeImage,
  parseMemUsage,
} from '../../src/targets/kind/kind-config.js';
import { requireKind } from '../../src/targets/kind/kind-target.js';
import { VARIANTS } from '../../src/workload/variants.js';
import { runKsb } from '../helpers/cli.js';

test('kind config on 1.33 switches every streaming gate per variant', (t) => {
  const legacy = kindConfig(VARIANTS.legacy!, '1.33.13');
  t.regex(legacy, /^kind: Cluster\napiVersion: kind\.x-k8s\.io\/v1alpha4\nname: ksb-legacy\n/);
  t.regex(
    legacy,
    /featureGates:\n {2}StreamingCollectionEncodingToJSON: false\n {2}StreamingCollectionEncodingToProtobuf: false\n {2}WatchList: false\n/,
  );
  t.regex(legacy, /runtimeConfig:\n/);
  t.regex(legacy, /apiServerAddress: "127\.0\.0\.1"/);
  t.regex(legacy, /image: kindest\/node:v1\.33\.13/);
  t.regex(kindConfig(VARIANTS.streaming!, '1.33.13'), /WatchList: true/);
});

test('kind config on 1.34+ leaves out the locked encoding gates', (t) => {
  const cfg = kindConfig(VARIANTS.legacy!, '1.35.4');
  t.notRegex(cfg, /StreamingCollectionEncoding/);
  t.regex(cfg, /WatchList: false/);
  t.is(nodeImage('1.35.4'), 'kindest/node:v1.35.4');
  t.throws(() => kindConfig(VARIANTS.legacy!, '1.2.3'), { message: /--kube-version 1\.2\.3: the local target supports 1\.33 and newer/ });
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
});

// Decided before the tests are declared (ava needs them synchronously): is any container engine answering?
const engineRuns = ['docker', 'podman', 'nerdctl'].some(
  (cmd) => spawnSync(cmd, ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0,
);
(engineRuns ? test.skip : test)('without a running container engine the kind target says so and points to the local target', async (t) => {
  await t.throwsAsync(requireKind(), { message: /the kind target needs a running container engine: .*use --target local/ });
  const r = await runKsb(['target', 'kind', 'up', '--variant', 'streaming']);
  t.not(r.code, 0);
  t.regex(r.stderr, /use --target local/);
});
