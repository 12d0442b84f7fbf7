// report.html and history.html opened in headless Chromium, offline, as a reviewer opens them from the artifacts:
// no console error or failed request, every chart drawn by the inlined Vega (pixels that are not background), no
// character drawn as a missing-glyph box, a tooltip with the value and the repetition on hover, a series hidden by
// its legend entry. Screenshots are kept in dist/test-output/report-html/.
import test, { type ExecutionContext } from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { chromiumMissing, launchChromium, pageProblems, testOutputDir } from '../helpers/browser.js';
import { reportFixture } from '../helpers/report-fixture.js';

/** Non-background pixels of each chart: its screenshot decoded by the browser itself. */
async function inkOfCharts(page: Page): Promise<number[]> {
  const figures = page.locator('figure[data-vega]');
  const ink: number[] = [];
  for (let i = 0; i < (await figures.count()); i++) {
    const png = (await figures.nth(i).screenshot()).toString('base64');
    ink.push(
      await page.evaluate(async (b64) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        const px = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
        let n = 0;
        for (let p = 0; p < px.length; p += 4) if (px[p]! < 235 || px[p + 1]! < 235 || px[p + 2]! < 235) n++;
        return n;
      }, png),
    );
  }
  return ink;
}

/**
 * The characters of the page drawn as a missing-glyph box: each non-ASCII character is drawn in the font of the
 * element holding it and compared with an unassigned code point, which every font draws as its box.
 */
async function boxedCharacters(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 48;
    canvas.height = 48;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const draw = (ch: string, font: string) => {
      ctx.clearRect(0, 0, 48, 48);
      ctx.font = font;
      ctx.fillText(ch, 4, 32);
      return ctx.getImageData(0, 0, 48, 48).data.join(',');
    };
    const seen = new Map<string, string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('script, style')) continue;
      const style = getComputedStyle(parent);
      for (const ch of node.textContent ?? '') if (ch.codePointAt(0)! > 127 && !seen.has(ch)) seen.set(ch, `24px ${style.fontFamily}`);
    }
    return [...seen].filter(([ch, font]) => draw(ch, font) === draw('\u0378', font)).map(([ch]) => ch);
  });
}

async function open(t: ExecutionContext, file: string): Promise<{ page: Page; problems: string[] }> {
  const context = await launchChromium(t);
  const page = await context.newPage();
  const problems = pageProblems(page);
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => [...document.querySelectorAll('figure[data-vega]')].every((f) => (f as HTMLElement).dataset.drawn));
  return { page, problems };
}

const skipped = chromiumMissing ? ` (skipped: ${chromiumMissing})` : '';

(chromiumMissing ? test.skip : test)(
  `report.html in Chromium: offline, every chart drawn, no emoji or glyph boxes, tooltips and legend toggling${skipped}`,
  async (t) => {
    const { report } = await reportFixture(t);
    const html = await readFile(join(report, 'report.html'), 'utf8');
    t.notRegex(html, /\p{Extended_Pictographic}/u, 'no emoji: a browser without an emoji font draws boxes');
    const { page, problems } = await open(t, join(report, 'report.html'));

    t.is(await page.locator('figure[data-vega]').count(), 3, 'RSS over time, peak RSS, time to synced (no LIST: streaming only)');
    const ink = await inkOfCharts(page);
    t.true(
      ink.every((n) => n > 2000),
      `every chart drawn: ${ink.join(', ')} pixels of ink`,
    );
    t.deepEqual(await boxedCharacters(page), []);
    // The check sees a box: an unassigned code point put on the page is found.
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('p'), { textContent: '\u0379' })));
    t.deepEqual(await boxedCharacters(page), ['\u0379']);
    await page.evaluate(() => document.body.lastElementChild!.remove());
    t.is((await page.locator('svg.mark[aria-label="improved or passed"]').count()) > 0, true, 'verdict marks as inline SVG');

    // Hover a point of the RSS chart: Vega's tooltip (the title of the chart's container) gives the repetition and value.
    const rss = page.locator('figure[data-vega="vega-rss-over-time"]');
    const point = rss.locator('g.mark-symbol path').first();
    await point.hover({ force: true });
    await page.waitForFunction(() => document.querySelector('figure[data-vega="vega-rss-over-time"] [title]') !== null);
    const tooltip = (await rss.locator('[title]').first().getAttribute('title')) ?? '';
    t.regex(tooltip, /repetition: (baseline|candidate) #\d/);
    t.regex(tooltip, /RSS \(MiB\): \d[\d,]*\.\d/);

    // Click a legend entry: the other series fade, the clicked one stays.
    const faded = () => rss.locator('g.mark-line path[stroke-opacity="0.08"], g.mark-line path[opacity="0.08"]').count();
    t.is(await faded(), 0, 'every series shown at first');
    await rss.locator('g.role-legend-label text', { hasText: 'candidate' }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('figure[data-vega="vega-rss-over-time"] g.mark-line path[opacity="0.08"]').length > 0,
    );
    t.is(await faded(), 3, "the baseline's three repetitions fade");

    const shot = join(await testOutputDir('report-html'), 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.log(`screenshot: ${shot}`);
    t.deepEqual(problems, []);
  },
);

(chromiumMissing ? test.skip : test)(
  `report.html of a run on three apiservers in Chromium: each one's RSS with its events marked, the bystander's availability${skipped}`,
  async (t) => {
    const { others } = await reportFixture(t, true);
    const { page, problems } = await open(t, join(others[2]!, 'report.html'));
    const drawn = await page.locator('figure[data-vega]').evaluateAll((fs) => fs.map((f) => (f as HTMLElement).dataset.vega));
    t.deepEqual(
      drawn.filter((f) => /per-replica|bystander/.test(f ?? '')),
      ['vega-apiserver-rss-per-replica-1', 'vega-apiserver-rss-per-replica-2', 'vega-bystander-availability'],
    );
    const ink = await inkOfCharts(page);
    t.true(
      ink.every((n) => n > 2000),
      `every chart drawn: ${ink.join(', ')} pixels of ink`,
    );
    t.deepEqual(await boxedCharacters(page), []);

    // A line per apiserver and repetition (3 x 2), and the legend names each apiserver and each kind of event.
    const legacy = page.locator('figure[data-vega="vega-apiserver-rss-per-replica-1"]');
    t.is(await legacy.locator('g.mark-line path').count(), 6);
    const legend = await legacy.locator('g.role-legend-label text').allTextContents();
    for (const name of ['apiserver 0', 'apiserver 1', 'apiserver 2', 'oom-killed', 'restarted', 'backend-down', 'backend-up'])
      t.true(legend.includes(name), `${name} in the legend: ${legend.join(', ')}`);
    // Hover an event mark (the third layer's points): its tooltip names the kind and the apiserver.
    await legacy.locator('g.role-mark.layer_2_marks path').last().hover({ force: true });
    await page.waitForFunction(() => document.querySelector('figure[data-vega="vega-apiserver-rss-per-replica-1"] [title]') !== null);
    const tooltip = (await legacy.locator('[title]').first().getAttribute('title')) ?? '';
    t.regex(tooltip, /event: (oom-killed|exited|backend-down|restarted|ready|backend-up)/);
    t.regex(tooltip, /apiserver: apiserver 1/);

    const shot = join(await testOutputDir('report-html'), 'report-three-apiservers.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.log(`screenshot: ${shot}`);
    t.deepEqual(problems, []);
  },
);

(chromiumMissing ? test.skip : test)(
  `history.html in Chromium: offline, every trend chart drawn, no glyph boxes, a tooltip naming the run${skipped}`,
  async (t) => {
    const { history } = await reportFixture(t);
    const html = await readFile(join(history, 'history.html'), 'utf8');
    t.notRegex(html, /\p{Extended_Pictographic}/u);
    const { page, problems } = await open(t, join(history, 'history.html'));
    const charts = await page.locator('figure[data-vega]').count();
    t.true(charts >= 2, `${charts} trend charts`);
    const ink = await inkOfCharts(page);
    t.true(
      ink.every((n) => n > 2000),
      `every chart drawn: ${ink.join(', ')} pixels of ink`,
    );
    t.deepEqual(await boxedCharacters(page), []);
    const peak = page.locator('figure[data-vega="vega-trend-apiserver_rss_peak_bytes"]');
    await peak.locator('g.mark-symbol path').first().hover({ force: true });
    await page.waitForFunction(() => document.querySelector('figure[data-vega="vega-trend-apiserver_rss_peak_bytes"] [title]') !== null);
    t.regex((await peak.locator('[title]').first().getAttribute('title')) ?? '', /run: nightly-\d/);
    const shot = join(await testOutputDir('report-html'), 'history.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.log(`screenshot: ${shot}`);
    t.deepEqual(problems, []);
  },
);
