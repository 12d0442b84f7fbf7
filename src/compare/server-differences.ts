// Two runs compared variant by variant should have run against the same server (the same compatibility
// version and effective gates) with the same load engine. When they did not, the comparison says so beside its numbers.
import type { LoadedRun } from '../results/load-run.js';
import { describeEngine } from '../results/manifest.js';

function effectiveGates(run: LoadedRun, variant: string): Record<string, boolean> | undefined {
  return run.manifest.repetitions.find((r) => r.variant === variant && r.effective_gates)?.effective_gates;
}

function emulation(run: LoadedRun): string {
  const v = run.manifest.target.emulated_version;
  return v ? `emulating ${v}` : 'not emulating';
}

/** What differs between the servers two runs measured one variant on; empty when nothing does or it is unknown. */
export function serverDifferences(base: LoadedRun, cand: LoadedRun, variant: string): string[] {
  const out: string[] = [];
  // The client is part of the measurement too: k6's JS client and client-go informers cost the apiserver differently.
  const engines = [describeEngine(base.manifest), describeEngine(cand.manifest)];
  if (engines[0] !== engines[1]) out.push(`load engine: baseline ${engines[0]}, candidate ${engines[1]}`);
  if (emulation(base) !== emulation(cand)) out.push(`compatibility version: baseline ${emulation(base)}, candidate ${emulation(cand)}`);
  const a = effectiveGates(base, variant);
  const b = effectiveGates(cand, variant);
  if (a && b) {
    for (const gate of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (a[gate] !== b[gate])
        out.push(
          `${variant}: gate ${gate} ${a[gate] ?? 'not reported'} on the baseline's server, ${b[gate] ?? 'not reported'} on the candidate's`,
        );
    }
  }
  return out;
}
