import test from 'ava';
import { runKsb } from '../helpers/cli.js';
import { bystanderWanted, parseGoawayChance } from '../../src/cli/ha-flags.js';

test('--apiservers on the mock is refused with one line naming the local target, exit 2', async (t) => {
  const r = await runKsb(['run', 'informer-storm', '--target', 'mock', '--apiservers', '3']);
  t.is(r.code, 2);
  t.is(r.stderr.trim(), 'ksb: --apiservers: needs the local target (--target local); the mock target runs what it runs');
});

test('--goaway-chance: 0 to 0.02, as kube-apiserver accepts', async (t) => {
  t.is(parseGoawayChance('0.001'), 0.001);
  t.is(parseGoawayChance('0'), 0);
  t.is(parseGoawayChance('0.02'), 0.02);
  for (const bad of ['0.03', '-0.001', 'often', '1'])
    t.throws(() => parseGoawayChance(bad), { message: /expected a probability from 0 to 0\.02/ }, bad);
  const r = await runKsb(['run', 'informer-storm', '--target', 'local', '--goaway-chance', '0.5']);
  t.is(r.code, 2);
  t.regex(r.stderr, /--goaway-chance.*expected a probability from 0 to 0\.02/);
});

test('the bystander runs by default with several apiservers only, and as told', (t) => {
  t.true(bystanderWanted({ apiservers: 3, restartKilled: 'on' }));
  t.false(bystanderWanted({ apiservers: 1, restartKilled: 'on' }));
  t.true(bystanderWanted({ apiservers: 1, restartKilled: 'on', bystander: true }));
  t.false(bystanderWanted({ apiservers: 3, restartKilled: 'on', bystander: false }));
});
