// A parser for the Prometheus text exposition format (what /metrics serves), and for the OpenMetrics text that
// extends it: exemplars (`# {trace_id="…"} 0.5`) and float timestamps are read past, and `# EOF` ends the page.

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const UNESCAPED: Record<string, string> = { '\\': '\\', n: '\n', '"': '"' };

/**
 * A label value as written between its quotes, unescaped in one pass from left to right: `\\` is a backslash,
 * `\n` a newline, `\"` a quote, so `a\\nb` is `a\nb` with a backslash and an n. Any other backslash stays as
 * written, as Prometheus keeps it.
 */
function unescapeLabelValue(text: string): string {
  return text.replace(/\\(.)/gs, (escape, c: string) => UNESCAPED[c] ?? escape);
}

/** The inverse: a value as the exposition format writes it between quotes. */
function escapeLabelValue(value: string): string {
  return value.replace(/[\\\n"]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** The labels from just after `{` at `start` to the closing `}`; `end` is the index after it. */
function parseLabels(line: string, start: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  const label = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,?)/y;
  label.lastIndex = start;
  let end = start;
  let m: RegExpExecArray | null;
  while ((m = label.exec(line))) {
    labels[m[1]!] = unescapeLabelValue(m[2]!);
    end = label.lastIndex;
    if (!m[3]) break; // no comma: the closing brace must come next
  }
  const close = /\s*\}/y;
  close.lastIndex = end;
  if (!close.test(line)) throw new Error(`malformed labels in metrics line: ${line.slice(0, 200)}`);
  return { labels, end: close.lastIndex };
}

function parseValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const v = Number(text);
  if (text === '' || Number.isNaN(v)) throw new Error(`not a sample value: ${text}`);
  return v;
}

// After the name and labels: the value, an optional timestamp (integer milliseconds, or OpenMetrics' float
// seconds), an optional exemplar: `# {labels} value [timestamp]`.
const AFTER_LABELS = /^\s+(\S+)(?:\s+-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)?(?:\s+#\s+\{.*\}\s+\S+(?:\s+\S+)?)?\s*$/;

export function parsePromText(text: string): PromSample[] {
  const out: PromSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '# EOF') break;
    if (!line || line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (!name) throw new Error(`malformed metrics line: ${line.slice(0, 200)}`);
    const { labels, end } = line[name.length] === '{' ? parseLabels(line, name.length + 1) : { labels: {}, end: name.length };
    const m = AFTER_LABELS.exec(line.slice(end));
    if (!m) throw new Error(`malformed metrics line: ${line.slice(0, 200)}`);
    out.push({ name, labels, value: parseValue(m[1]!) });
  }
  return out;
}

/** Labels as the exposition format writes them inside braces: a="x",b="y\"z". */
export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');
}
