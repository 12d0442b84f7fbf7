// Every Mermaid graph ksb writes (report.md for a PR comment, history.md for the nightly) rendered by Mermaid itself
// in headless Chromium, as GitHub would draw it: no parse error, no empty chart, the series and points it declares.
// Also the PR comment as a reviewer sees it, kept as a screenshot (README's "Use it in your repository" shows it;
// KSB_UPDATE_SCREENSHOTS=1 copies it to docs/pr-comment.png).
import test from 'ava';
import { copyFile, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium, pageProblems, testOutputDir } from '../helpers/browser.js';
import { reportFixture } from '../helpers/report-fixture.js';

const require = createRequire(import.meta.url);
const mermaidJs = require.resolve('mermaid/dist/mermaid.min.js');
const blocksOf = (md: string) => [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);

/** What a block declares: each series' kind and number of values, in order, and its colours. */
function declared(code: string): { series: Array<{ kind: string; points: number }>; palette: string[] } {
  const series = [...code.matchAll(/^\s*(line|bar) \[([^\]]*)\]/gm)].map((m) => ({ kind: m[1]!, points: m[2]!.split(',').length }));
  const palette = /plotColorPalette: "([^"]+)"/.exec(code)?.[1]?.split(', ') ?? [];
  return { series, palette };
}

interface Drawn {
  error?: string;
  title: string;
  plots: Array<{ kind: string; points: number; colour: string; extent: number }>;
}

async function draw(page: Page, code: string, id: string): Promise<Drawn> {
  return page.evaluate(
    async ([code, id]) => {
      const m = (globalThis as unknown as { mermaid: { render(id: string, code: string): Promise<{ svg: string }> } }).mermaid;
      let svg: string;
      try {
        svg = (await m.render(id, code)).svg;
      } catch (e) {
        return { error: String((e as Error).message), title: '', plots: [] };
      }
      const host = document.createElement('div');
      host.innerHTML = svg;
      document.body.append(host);
      const plots = [...host.querySelectorAll('g.plot > g')].map((g) => {
        const kind = g.getAttribute('class')!.startsWith('line-plot') ? 'line' : 'bar';
        if (kind === 'line') {
          const path = g.querySelector('path')!;
          return {
            kind,
            points: (path.getAttribute('d')!.match(/[ML]/g) ?? []).length,
            colour: path.getAttribute('stroke')!,
            extent: path.getBBox().width,
          };
        }
        const rects = [...g.querySelectorAll('rect')];
        return {
          kind,
          points: rects.length,
          colour: rects[0]?.getAttribute('fill') ?? '',
          extent: Math.max(...rects.map((r) => r.getBBox().height)),
        };
      });
      return { title: host.querySelector('.chart-title text')?.textContent ?? '', plots };
    },
    [code, id] as const,
  );
}

(chromiumMissing ? test.skip : test)(
  `every Mermaid graph in report.md and history.md renders in Chromium with the series and points it declares${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`,
  async (t) => {
    const fixture = await reportFixture(t, true);
    const reportMd = await readFile(join(fixture.report, 'report.md'), 'utf8');
    const historyMd = await readFile(join(fixture.history, 'history.md'), 'utf8');
    const report = blocksOf(reportMd);
    const history = blocksOf(historyMd);
    // The comparison: RSS over time (a line per side, the fake runs' 5 samples each), peak RSS (a bar per side),
    // time to synced (base as bars, head as a line, p50 and p99).
    t.deepEqual(
      report.map((b) => declared(b).series),
      [
        [
          { kind: 'line', points: 5 },
          { kind: 'line', points: 5 },
        ],
        [{ kind: 'bar', points: 2 }],
        [
          { kind: 'bar', points: 2 },
          { kind: 'line', points: 2 },
        ],
      ],
    );
    // The history: the two gated metrics of its one series over its four runs, the fourth flagged.
    t.deepEqual(
      history.map((b) => declared(b).series),
      [[{ kind: 'line', points: 4 }], [{ kind: 'line', points: 4 }]],
    );
    t.regex(historyMd, /Regressions: run 4 \(nightly-4, 2026-01-04 03:00 UTC\)/);
    // Four sides (two variants, base and head) and one (a one-variant run): a line or a series per side. Three
    // apiservers, two variants: besides, each variant's RSS a line per apiserver, and the bystander a line per variant.
    const others = await Promise.all(fixture.others.map(async (dir) => blocksOf(await readFile(join(dir, 'report.md'), 'utf8'))));
    t.deepEqual(
      others.map((blocks) => blocks.map((b) => declared(b).series.length)),
      [
        [4, 1, 4],
        [1, 1, 1],
        [2, 3, 3, 1, 2, 2],
      ],
    );
    const haMd = await readFile(join(fixture.others[2]!, 'report.md'), 'utf8');
    t.regex(haMd, /Events: apiserver 1 oom-killed at 0\.5 s, apiserver 1 exited at 0\.5 s, .*apiserver 1 restarted at 0\.8 s/);

    const context = await launchChromium(t);
    const page = await context.newPage();
    const problems = pageProblems(page);
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: mermaidJs });
    await page.evaluate(() =>
      (globalThis as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false }),
    );
    for (const [i, code] of [...report, ...history, ...others.flat()].entries()) {
      const drawn = await draw(page, code, `graph${i}`);
      const want = declared(code);
      t.is(drawn.error, undefined, `graph ${i}: ${drawn.error}`);
      t.not(drawn.title, '', `graph ${i} has a title`);
      t.deepEqual(
        drawn.plots.map((p) => ({ kind: p.kind, points: p.points })),
        want.series,
        `graph ${i}: series and points`,
      );
      t.deepEqual(
        drawn.plots.map((p) => p.colour),
        want.series.map((_, k) => want.palette[k % want.palette.length]!),
        `graph ${i}: colours`,
      );
      t.true(
        drawn.plots.every((p) => p.extent > 0),
        `graph ${i}: every series is drawn`,
      );
    }
    // The same Mermaid reports a broken graph: the checks above can fail.
    t.regex((await draw(page, 'xychart-beta\n  line [1, 2,', 'broken')).error ?? '', /Parse error/);
    t.deepEqual(problems, []);

    // The PR comment as GitHub shows it: the markdown with its graphs drawn.
    const comment = await context.newPage();
    const commentProblems = pageProblems(comment);
    const body = marked
      .parse(reportMd, { async: false })
      .replace(/<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g, '<pre class="mermaid">$1</pre>');
    await comment.setViewportSize({ width: 900, height: 800 });
    await comment.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
      body { font: 14px -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1f2328; margin: 0; padding: 16px; }
      .comment { border: 1px solid #d0d7de; border-radius: 6px; padding: 0 16px; max-width: 820px; }
      table { border-collapse: collapse; } th, td { border: 1px solid #d0d7de; padding: 4px 8px; }
      pre.mermaid { background: none; } code { background: #f6f8fa; padding: 0 3px; }
      </style></head><body><div class="comment">${body}</div></body></html>`);
    await comment.addScriptTag({ path: mermaidJs });
    await comment.evaluate(async () => {
      const m = (globalThis as unknown as { mermaid: { initialize(c: object): void; run(): Promise<void> } }).mermaid;
      m.initialize({ startOnLoad: false });
      await m.run();
    });
    t.is(await comment.locator('pre.mermaid svg').count(), report.length, 'every graph drawn in the comment');
    const out = await testOutputDir('report-mermaid');
    const shot = join(out, 'pr-comment.png');
    await comment.locator('.comment').screenshot({ path: shot });
    t.log(`the PR comment as rendered: ${shot}`);
    t.deepEqual(commentProblems, []);
    if (process.env.KSB_UPDATE_SCREENSHOTS === '1')
      await copyFile(shot, fileURLToPath(new URL('../../../docs/pr-comment.png', import.meta.url)));
  },
);
