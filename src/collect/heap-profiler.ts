// Heap profiles of kube-apiserver at the moment its memory peaks, and once after the load: the first thing
// a reviewer asks for when streaming regresses. A profile is taken whenever RSS passes the last profiled RSS
// by PEAK_STEP (at most one at a time); the last one taken is the peak's.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { ProfileRecord } from '../results/manifest.js';
import { targetGetBytes } from '../targets/http-get.js';
import type { RunningTarget } from '../targets/target.js';

const PEAK_STEP = 1.05;
const PROFILE_TIMEOUT_MS = 30_000;

export class HeapProfiler {
  private lastRss = 0;
  private inFlight?: Promise<void>;
  private readonly record: ProfileRecord = {};

  constructor(
    private readonly target: RunningTarget,
    private readonly runDir: string,
    private readonly name: string, // "<variant>-rep<N>"
  ) {}

  /** Called with each apiserver RSS sample; takes a profile when RSS reaches a new high. */
  observeRss(bytes: number): void {
    if (this.record.note || this.inFlight || bytes < this.lastRss * PEAK_STEP) return;
    this.lastRss = bytes;
    this.inFlight = this.capture('peak', bytes).finally(() => (this.inFlight = undefined));
  }

  /** Resolves when no profile is being taken. */
  async idle(): Promise<void> {
    await this.inFlight;
  }

  /** One more profile after the load, once any peak profile in flight has landed. */
  async after(): Promise<ProfileRecord> {
    await this.idle();
    if (!this.record.note) await this.capture('after');
    return { ...this.record };
  }

  private async capture(kind: 'peak' | 'after', rssBytes?: number): Promise<void> {
    try {
      const res = await targetGetBytes(this.target, '/debug/pprof/heap', PROFILE_TIMEOUT_MS);
      if (res.status === 403 || res.status === 401) {
        this.record.note = `profiling is not allowed to these credentials (GET /debug/pprof/heap: ${res.status})`;
        return;
      }
      if (res.status === 404) {
        this.record.note = 'the apiserver does not serve /debug/pprof/heap (404: --profiling=false?)';
        return;
      }
      if (res.status !== 200) throw new Error(`GET /debug/pprof/heap returned ${res.status}`);
      const file = join('pprof', `${this.name}-${kind}.pb.gz`);
      await mkdir(join(this.runDir, 'pprof'), { recursive: true });
      await writeFileAtomic(join(this.runDir, file), res.body);
      this.record[kind] = file;
      if (kind === 'peak') this.record.peakRssBytes = rssBytes;
    } catch (e) {
      // A profile that could not be taken is a note, never a failed run.
      this.record.note ??= `heap profile (${kind}) failed: ${(e as Error).message}`;
    }
  }
}
