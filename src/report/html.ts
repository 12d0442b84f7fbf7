// report.html and history.html: the markdown's content in one self-contained file that works offline. Each chart is
// inlined twice: as the SVG ksb rendered (what a browser without scripts shows) and as its Vega spec, which the
// inlined Vega runtime draws over it with tooltips and legend toggling. No emoji: a browser without an emoji font
// draws them as empty boxes, so the verdict marks become inline SVG and styled text.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import type { RenderedChart } from './render.js';

const icon = (colour: string, path: string, label: string) =>
  `<svg class="mark" role="img" aria-label="${label}" width="14" height="14" viewBox="0 0 16 16"><circle cx="8" cy="8" r="8" fill="${colour}"/><path d="${path}" stroke="#fff" stroke-width="2" fill="none" stroke-linecap="round"/></svg>`;

/** The marks report.md uses (GitHub draws them), as the HTML shows them. */
const MARKS: Array<[string, string]> = [
  ['✅', icon('#1a7f37', 'M4.5 8.5l2.2 2.2 4.8-5', 'improved or passed')],
  ['❌', icon('#d1242f', 'M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6', 'regressed')],
  ['➖', icon('#6e7781', 'M4.5 8h7', 'unchanged')],
  ['❔', icon('#9a6700', 'M6 6.2a2 2 0 1 1 2.6 1.9c-.5.2-.6.5-.6 1.1M8 11.6v.1', 'inconclusive')],
  ['🔒', '<span class="badge">gated</span>'],
  ['🔓', '<span class="badge off">not gated</span>'],
];

let vegaRuntime: Promise<string> | undefined;
/** vega's browser build, beside the module build that `import('vega')` resolves to. */
function vegaScript(): Promise<string> {
  vegaRuntime ??= readFile(fileURLToPath(new URL('vega.min.js', import.meta.resolve('vega'))), 'utf8');
  return vegaRuntime;
}

const DRAW = `
for (const fig of document.querySelectorAll('figure[data-vega]')) {
  const spec = JSON.parse(document.getElementById(fig.dataset.vega).textContent);
  const host = document.createElement('div');
  const view = new vega.View(vega.parse(spec), { renderer: 'svg', container: host, hover: true });
  view.runAsync().then(() => { fig.replaceChildren(host); fig.dataset.drawn = 'interactive'; }, (e) => console.error(e));
}`;

const inlineScript = (js: string) => js.replace(/<\/script/gi, '<\\/script');
const inlineJson = (x: unknown) => JSON.stringify(x).replace(/</g, '\\u003c');

export async function reportHtml(
  markdown: string,
  charts: Map<string, RenderedChart>,
  title = 'kube-stream-bench report',
): Promise<string> {
  let body = marked.parse(markdown, { async: false });
  const specs: string[] = [];
  body = body.replace(/<img src="([^"]+)\.svg" alt="([^"]*)"\s*\/?>/g, (whole, file: string, alt: string) => {
    const chart = charts.get(file);
    if (!chart) return whole;
    specs.push(`<script type="application/json" id="vega-${file}">${inlineJson(chart.vega)}</script>`);
    return `<figure role="img" aria-label="${alt}" data-vega="vega-${file}">${chart.svg}</figure>`;
  });
  // A mark stays on the line of the word after it.
  for (const [emoji, html] of MARKS)
    body = body.replace(new RegExp(`${emoji} ?(<strong>\\w+</strong>|[\\w-]+)?`, 'gu'), (_, word?: string) =>
      word ? `<span class="marked">${html} ${word}</span>` : html,
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>
body { font-family: -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; max-width: 900px; margin: 2em auto; padding: 0 1em; color: #1f2328; }
table { border-collapse: collapse; margin: 1em 0; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; }
td { text-align: right; } td:first-child, td:last-child { text-align: left; }
code { background: #f6f8fa; padding: 0 3px; }
figure { margin: 1em 0; }
svg.mark { vertical-align: -2px; margin-right: 2px; }
.marked { white-space: nowrap; }
.badge { display: inline-block; font-size: 11px; line-height: 1.4; padding: 0 5px; border-radius: 8px; background: #ddf4ff; color: #0969da; border: 1px solid #54aeff; }
.badge.off { background: #f6f8fa; color: #57606a; border-color: #d0d7de; }
</style></head>
<body>
${body}
${specs.join('\n')}
<script>${inlineScript(await vegaScript())}</script>
<script>${DRAW}</script>
</body></html>
`;
}
