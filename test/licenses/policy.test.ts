// The dependency policy's classifier: which license identifiers and SPDX expressions are allowed.
import test from 'ava';
import { isForbidden, judgeGo, judgeNpm, npmLicense, parseSpdx } from '../../src/licenses/policy.js';

test('strong copyleft and source-available families are forbidden; LGPL, MPL and permissive ones are not', (t) => {
  for (const id of [
    'AGPL-3.0',
    'AGPL-3.0-only',
    'AGPL-1.0',
    'GPL-2.0',
    'GPL-3.0-or-later',
    'GPL-2.0+',
    'gpl-3.0',
    'SSPL-1.0',
    'BUSL-1.1',
    'GPL',
  ])
    t.true(isForbidden(id), id);
  for (const id of [
    'LGPL-2.1',
    'LGPL-3.0-or-later',
    'MPL-2.0',
    'Apache-2.0',
    'MIT',
    'BSD-3-Clause',
    'ISC',
    'BSL-1.0',
    '0BSD',
    'Unlicense',
    'LGPLLR',
  ])
    t.false(isForbidden(id), id);
});

test('SPDX expressions: OR needs one allowed choice, AND needs every part allowed', (t) => {
  t.deepEqual(judgeNpm('MIT'), { ok: true });
  t.deepEqual(judgeNpm('(MIT OR GPL-3.0)'), { ok: true });
  t.deepEqual(judgeNpm('GPL-2.0 OR AGPL-3.0'), { ok: false, why: 'GPL-2.0 is not allowed' });
  t.deepEqual(judgeNpm('MIT AND GPL-3.0-only'), { ok: false, why: 'GPL-3.0-only is not allowed' });
  t.deepEqual(judgeNpm('(MIT AND Zlib) OR BUSL-1.1'), { ok: true });
  t.deepEqual(judgeNpm('MIT AND (LGPL-2.1 OR GPL-3.0)'), { ok: true });
  t.deepEqual(judgeNpm('GPL-2.0-only WITH Classpath-exception-2.0'), { ok: false, why: 'GPL-2.0-only is not allowed' });
  t.deepEqual(judgeNpm('Apache-2.0 WITH LLVM-exception'), { ok: true });
  t.deepEqual(parseSpdx('a OR b AND c'), { op: 'OR', left: { id: 'a' }, right: { op: 'AND', left: { id: 'b' }, right: { id: 'c' } } });
});

test('missing, unreadable and malformed npm licenses fail, naming why', (t) => {
  t.deepEqual(judgeNpm(undefined), { ok: false, why: 'declares no license' });
  t.false(judgeNpm('UNLICENSED').ok);
  t.regex((judgeNpm('SEE LICENSE IN LICENSE.txt') as { why: string }).why, /not an open-source license the check can read/);
  t.regex((judgeNpm('(MIT OR') as { why: string }).why, /license expression "\(MIT OR": ends early/);
  t.regex((judgeNpm('MIT)') as { why: string }).why, /unexpected "\)"/);
});

test('npm license fields: SPDX string, legacy object and legacy array (alternatives)', (t) => {
  t.is(npmLicense({ license: 'ISC' }), 'ISC');
  t.is(npmLicense({ license: { type: 'MIT' } }), 'MIT');
  t.is(npmLicense({ licenses: [{ type: 'MIT' }, { type: 'GPL-2.0' }] }), '(MIT OR GPL-2.0)');
  t.is(npmLicense({}), undefined);
  t.true(judgeNpm(npmLicense({ licenses: [{ type: 'MIT' }, { type: 'GPL-2.0' }] })).ok);
});

test('Go modules: any forbidden license in the license files fails; none identified fails unless overridden', (t) => {
  t.deepEqual(judgeGo(['Apache-2.0']), { ok: true });
  t.deepEqual(judgeGo(['BSD-3-Clause', 'MIT']), { ok: true });
  t.deepEqual(judgeGo(['AGPL-3.0']), { ok: false, why: 'AGPL-3.0 is not allowed' });
  t.deepEqual(judgeGo(['MIT', 'GPL-2.0']), { ok: false, why: 'GPL-2.0 is not allowed' });
  t.deepEqual(judgeGo(['MPL-2.0', 'LGPL-3.0']), { ok: true });
  t.deepEqual(judgeGo([]), { ok: false, why: 'no license identified in its license files' });
  t.deepEqual(judgeGo([], 'BSD-3-Clause'), { ok: true });
  t.false(judgeGo(['MIT'], 'SSPL-1.0').ok, 'an override is judged too');
});
