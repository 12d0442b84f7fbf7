// k6/metrics: a Trend records each sample with the VU's metadata at the time of the add, as k6 does.
import { samples, vu } from './state.js';

export class Trend {
  constructor(readonly name: string) {}

  add(value: number, tags: Record<string, string> = {}): void {
    samples.push({ metric: this.name, value, tags: { ...tags }, metadata: { ...(vu.getStore()?.metadata ?? {}) } });
  }
}
