// The documentation's own checks: every relative link resolves (the file, and for #anchors a heading in it), the
// README stays short, docs/architecture.md shows the layer order lint enforces (layers.js), and the Go the docs ask
// for is runner/go.mod's.
import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { goRequired } from '../../src/tools/runner.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Markdown without its fenced code blocks and inline code, where a `[x](y)` or a `#` is not a link or a heading. */
function prose(md: string): string {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2, … */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const noFences = md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const m of noFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

function links(md: string): string[] {
  return [...prose(md).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

test('anchors follow GitHub: punctuation dropped, spaces to hyphens, repeats numbered', (t) => {
  const a = anchors("# A run\n## k6's own metrics (`--engine k6`)\n## A run\n```\n# not a heading\n```\n");
  t.deepEqual([...a], ['a-run', 'k6s-own-metrics---engine-k6', 'a-run-1']);
});

for (const doc of DOCS) {
  test(`every relative link in ${doc} resolves, to a heading where it names one`, (t) => {
    const md = readFileSync(join(ROOT, doc), 'utf8');
    const broken: string[] = [];
    const found = links(md).filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l));
    for (const link of found) {
      const [path, anchor] = link.split('#', 2) as [string, string | undefined];
      const target = path ? join(dirname(join(ROOT, doc)), decodeURIComponent(path)) : join(ROOT, doc);
      if (!existsSync(target)) {
        broken.push(`${link}: no such file (${relative(ROOT, target)})`);
        continue;
      }
      if (anchor !== undefined && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor)) {
        broken.push(`${link}: no heading #${anchor} in ${relative(ROOT, target)}`);
      }
    }
    t.deepEqual(broken, []);
    if (doc === 'README.md') t.true(found.length > 10, 'the README links to the documentation');
  });
}

test('the README stays a front page: at most 250 lines, with a table of contents', (t) => {
  const md = readFileSync(join(ROOT, 'README.md'), 'utf8');
  t.true(md.split('\n').length <= 250, `README.md has ${md.split('\n').length} lines; move detail to docs/`);
  t.regex(md, /^## Contents$/m);
});

test('docs/architecture.md shows the layer order lint enforces (layers.js)', async (t) => {
  const { layersTable } = (await import(pathToFileURL(join(ROOT, 'layers.js')).href)) as { layersTable: () => string };
  t.true(
    readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8').includes(layersTable()),
    'docs/architecture.md: paste the table `node -e "import(\'./layers.js\').then((m) => console.log(m.layersTable()))"` prints',
  );
});

test("the Go the docs ask for is runner/go.mod's go line", (t) => {
  const need = goRequired().split('.').slice(0, 2).join('.');
  const said = DOCS.flatMap((doc) =>
    [...readFileSync(join(ROOT, doc), 'utf8').matchAll(/\bGo (?:>=|≥) ?(\d+\.\d+)/g)].map((m) => `${doc}: Go >= ${m[1]}`),
  );
  t.true(said.length >= 3, `README, CONTRIBUTING and docs/engines.md name the Go they need: ${said.join('; ')}`);
  t.deepEqual(
    said.filter((s) => !s.endsWith(`Go >= ${need}`)),
    [],
    `runner/go.mod says go ${goRequired()}`,
  );
});
