// scripts/check-licenses.mjs on a scratch Go module: each dependency's license printed, a BUSL one fails the
// check and names the module. (Go modules from local directories: no network.)
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/tmp.js';

const SCRIPT = fileURLToPath(new URL('../../../scripts/check-licenses.mjs', import.meta.url));

const MIT = `MIT License

Copyright (c) 2026 Example Authors

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the
Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
`;

const BUSL = `License text copyright (c) 2020 MariaDB Corporation Ab, All Rights Reserved.
"Business Source License" is a trademark of MariaDB Corporation Ab.

Parameters

Licensor:             Example Corp.
Licensed Work:        example 1.0
`;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { timeout: 300_000, env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off' } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function module(dir: string, path: string, license: string, requires: string[] = []) {
  await mkdir(dir, { recursive: true });
  const req = requires.map((r) => `require ${r} v0.0.0\nreplace ${r} => ./${r.split('/').pop()}\n`).join('');
  await writeFile(join(dir, 'go.mod'), `module ${path}\n\ngo 1.24\n\n${req}`);
  const imports = requires.map((r) => `import _ "${r}"\n`).join('');
  await writeFile(
    join(dir, requires.length ? 'main.go' : 'lib.go'),
    `package ${requires.length ? 'main' : 'lib'}\n\n${imports}${requires.length ? '\nfunc main() {}\n' : ''}`,
  );
  if (license) await writeFile(join(dir, 'LICENSE'), license);
}

test('check-licenses: a Go module under BUSL in the build list fails the check; MIT passes; each is printed', async (t) => {
  const dir = await tempDir(t, 'ksb-licenses-');
  const main = join(dir, 'scratch');
  await module(main, 'scratch.local/app', '', ['example.com/mit', 'example.com/busl']);
  await module(join(main, 'mit'), 'example.com/mit', MIT);
  await module(join(main, 'busl'), 'example.com/busl', BUSL);
  const r = await run(['--go-only', '--go-dir', main]);
  t.is(r.code, 1, r.stderr);
  t.regex(r.stdout, /^go\texample\.com\/mit => \.\/mit\tMIT$/m);
  t.regex(r.stdout, /^go\texample\.com\/busl => \.\/busl\tBUSL-1\.1\tNOT ALLOWED: BUSL-1\.1 is not allowed$/m);
  t.regex(r.stderr, /1 dependency is against the policy/);

  const ok = join(dir, 'ok');
  await module(ok, 'scratch.local/ok', '', ['example.com/mit']);
  await module(join(ok, 'mit'), 'example.com/mit', MIT);
  const clean = await run(['--go-only', '--go-dir', ok]);
  t.is(clean.code, 0, clean.stderr);
  t.regex(clean.stderr, /every dependency is allowed by the policy/);
});

test('check-licenses: the production npm tree is printed, one package a line, and allowed', async (t) => {
  const r = await run(['--npm-only']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^npm\tcommander@14\.\S+\tMIT$/m);
  t.notRegex(r.stdout, /^npm\tava@/m, 'dev dependencies are not the product');
});
