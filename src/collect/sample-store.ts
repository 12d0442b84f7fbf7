// One repetition's samples, held compactly while it runs: times and values in typed arrays, each distinct
// (source, metric, labels) stored once. A long run then grows by 20 bytes a sample instead of a JS object each,
// and keeps no slice of a scrape body alive (a name cut from a body is a V8 slice holding all of it).
import type { SampleRow } from '../results/rows.js';

interface SeriesKey {
  source: SampleRow['source'];
  metric: string;
  labels: string;
}

/** A flat copy of a string, so the store holds no reference to the text it was cut from. */
const flat = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

export class SampleStore {
  private t = new Float64Array(4096);
  private v = new Float64Array(4096);
  private series = new Uint32Array(4096);
  private n = 0;
  private readonly keys: SeriesKey[] = [];
  private readonly index = new Map<string, number>();

  get length(): number {
    return this.n;
  }

  push(t_ms: number, source: SampleRow['source'], metric: string, value: number, labels: string): void {
    const id = `${source}\u0000${metric}\u0000${labels}`;
    let k = this.index.get(id);
    if (k === undefined) {
      k = this.keys.length;
      this.keys.push({ source, metric: flat(metric), labels: flat(labels) });
      this.index.set(flat(id), k);
    }
    if (this.n === this.t.length) this.grow();
    this.t[this.n] = t_ms;
    this.v[this.n] = value;
    this.series[this.n] = k;
    this.n++;
  }

  private grow(): void {
    const size = this.t.length * 2;
    const t = new Float64Array(size);
    const v = new Float64Array(size);
    const series = new Uint32Array(size);
    t.set(this.t);
    v.set(this.v);
    series.set(this.series);
    [this.t, this.v, this.series] = [t, v, series];
  }

  /** The samples as rows, in the order they were taken. */
  rows(base: Pick<SampleRow, 'run_id' | 'variant' | 'rep'>): SampleRow[] {
    const out: SampleRow[] = new Array<SampleRow>(this.n);
    for (let i = 0; i < this.n; i++) {
      const k = this.keys[this.series[i]!]!;
      out[i] = { ...base, t_ms: this.t[i]!, source: k.source, metric: k.metric, value: this.v[i]!, labels: k.labels };
    }
    return out;
  }
}
