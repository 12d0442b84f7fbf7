// Vega-Lite specs rendered headless: SVG from vega's own renderer, PNG from that SVG with resvg; the compiled Vega
// spec too, which report.html draws again in the browser (tooltips, legend toggling).
// The renderers are loaded on first use: vega and vega-lite are some 250 modules, which every `ksb` command that
// draws no chart would otherwise load at start-up.
import type { Spec } from 'vega';
import type { TopLevelSpec } from 'vega-lite';

export interface RenderedChart {
  svg: string;
  vega: Spec;
}

export async function renderChart(spec: TopLevelSpec): Promise<RenderedChart> {
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const vega = compile(spec).spec;
  const view = new View(parse(vega), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return { svg, vega };
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  return (await renderChart(spec)).svg;
}

export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: 'white',
  });
  return resvg.render().asPng();
}
