#!/usr/bin/env node
// The dependency policy check (README: Dependency policy): every production npm package and every Go module in
// the build lists of runner/ and tools/* is printed with its license; an AGPL, GPL, SSPL or BUSL one fails.
// Usage: node scripts/check-licenses.mjs [--npm-only | --go-only] [--go-dir <module dir>]...
// Needs the compiled policy (npm run build). Exit codes: 0 allowed, 1 a dependency is not, 2 bad usage or a tool failed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { judgeGo, judgeNpm, npmLicense } = await import(new URL('../dist/src/licenses/policy.js', import.meta.url).href);

const args = process.argv.slice(2);
const goDirs = [];
let npm = true;
let go = true;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--npm-only') go = false;
  else if (args[i] === '--go-only') npm = false;
  else if (args[i] === '--go-dir' && args[i + 1]) goDirs.push(args[++i]);
  else {
    process.stderr.write(`check-licenses: unknown argument "${args[i]}" (expected --npm-only, --go-only or --go-dir <dir>)\n`);
    process.exit(2);
  }
}

const failures = [];
const line = (kind, name, license, verdict) => {
  process.stdout.write(`${kind}\t${name}\t${license || '(none)'}${verdict.ok ? '' : `\tNOT ALLOWED: ${verdict.why}`}\n`);
  if (!verdict.ok) failures.push(`${kind} ${name}: ${verdict.why}`);
};

function run(cmd, argv, opts = {}) {
  try {
    return execFileSync(cmd, argv, {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
      ...opts,
    });
  } catch (e) {
    process.stderr.write(`check-licenses: ${cmd} ${argv.join(' ')} failed (${e.message.split('\n')[0]})\n`);
    process.exit(2);
  }
}

if (npm) {
  // Every installed production package (the root excluded), each once.
  const paths = [...new Set(run('npm', ['ls', '--omit=dev', '--all', '--parseable']).split('\n').filter(Boolean))].filter(
    (p) => p !== root.replace(/\/$/, ''),
  );
  let n = 0;
  for (const p of paths) {
    const pkg = JSON.parse(readFileSync(join(p, 'package.json'), 'utf8'));
    const license = npmLicense(pkg);
    line('npm', `${pkg.name}@${pkg.version}`, license, judgeNpm(license));
    n++;
  }
  process.stderr.write(`check-licenses: ${n} production npm packages\n`);
}

if (go) {
  if (!goDirs.length) {
    if (existsSync(join(root, 'runner', 'go.mod'))) goDirs.push(join(root, 'runner'));
    for (const t of readdirSync(join(root, 'tools'))) if (existsSync(join(root, 'tools', t, 'go.mod'))) goDirs.push(join(root, 'tools', t));
  }
  const overridesPath = join(root, 'tools', 'license-check', 'overrides.json');
  const overrides = existsSync(overridesPath) ? JSON.parse(readFileSync(overridesPath, 'utf8')) : {};
  const tool = run('bash', [join(root, 'scripts', 'build-go-tool.sh'), 'license-check']).trim();
  const modules = JSON.parse(run(tool, goDirs));
  for (const m of modules) {
    const override = overrides[m.path]?.license;
    const license = override ? `${override} (overrides.json)` : m.licenses.join(', ');
    const verdict = m.error && !override ? { ok: false, why: m.error } : judgeGo(m.licenses, override);
    const at = m.version.startsWith('=>') ? ` ${m.version}` : `@${m.version}`;
    line('go', `${m.path}${at}${m.linked ? '' : ' (not linked)'}`, license, verdict);
  }
  process.stderr.write(
    `check-licenses: ${modules.length} Go modules in the build lists of ${goDirs.map((d) => d.replace(root, '')).join(', ')}\n`,
  );
}

if (failures.length) {
  process.stderr.write(
    `check-licenses: ${failures.length} dependenc${failures.length === 1 ? 'y is' : 'ies are'} against the policy (no AGPL, GPL, SSPL or BUSL; README: Dependency policy):\n  ${failures.join('\n  ')}\n`,
  );
  process.exit(1);
}
process.stderr.write('check-licenses: every dependency is allowed by the policy\n');
