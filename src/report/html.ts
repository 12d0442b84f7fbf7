// report.html: the same content as report.md in one self-contained file (charts inlined as SVG).
import { marked } from 'marked';

export function reportHtml(markdown: string, svgs: Map<string, string>): string {
  let body = marked.parse(markdown, { async: false });
  body = body.replace(/<img src="([^"]+)\.svg" alt="([^"]*)"\s*\/?>/g, (whole, file: string, alt: string) => {
    const svg = svgs.get(file);
    return svg ? `<figure role="img" aria-label="${alt}">${svg}</figure>` : whole;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kube-stream-bench report</title>
<style>
body { font-family: -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; max-width: 900px; margin: 2em auto; padding: 0 1em; color: #1f2328; }
table { border-collapse: collapse; margin: 1em 0; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; }
td { text-align: right; } td:first-child, td:last-child { text-align: left; }
code { background: #f6f8fa; padding: 0 3px; }
figure { margin: 1em 0; }
</style></head>
<body>
${body}
</body></html>
`;
}
