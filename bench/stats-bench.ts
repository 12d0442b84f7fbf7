// npm run bench:stats — how often compare's verdict is wrong, and how often it catches a change, from a seeded
// simulation (no runs, no timing): log-normal repetitions at CV 3/10/30%, n = 3/5/10 a side, a 5% threshold.
import { detectableChange, logSdOfCv, repsToDetect } from '../src/stats/power.js';
import {
  CHOSEN,
  CVS,
  PREVIOUS,
  simulate,
  simulateHistory,
  STUDENTIZED,
  THRESHOLD,
  verdictCells,
  type Distribution,
  type Method,
} from './stats-sim.js';

const WIDTH = 24;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const cvCell = (cv: number) => `${Math.round(cv * 100)}%`.padEnd(6);

function methodTable(methods: Array<[string, Method, number]>, distribution: Distribution = 'log-normal'): string[] {
  const lines = [
    `              ${methods.map(([head]) => head.padEnd(WIDTH)).join('')}`,
    `CV    n/side  ${methods.map(() => `${'false'.padStart(6)} ${'10%'.padStart(6)} ${'30%'.padStart(6)}`.padEnd(WIDTH)).join('')}`,
  ];
  const results = methods.map(([, m, trials]) => verdictCells(m, trials, distribution));
  results[0]!.forEach(({ cv, n }, i) => {
    const cells = results.map((r) => `${pct(r[i]!.falseRate)} ${pct(r[i]!.detect10)} ${pct(r[i]!.detect30)}`.padEnd(WIDTH));
    lines.push(`${cvCell(cv)}${String(n).padEnd(8)}${cells.join('')}`);
  });
  return lines.map((l) => l.trimEnd());
}

function repsTable(): string[] {
  const lines = ['CV    10% change          30% change', '      n/side (simulated)  n/side (simulated)'];
  for (const cv of [0.03, 0.05, 0.1, 0.15, 0.2, 0.3]) {
    const cells = [1.1, 1.3].map((change) => {
      const n = repsToDetect(logSdOfCv(cv), change - 1, THRESHOLD);
      if (!Number.isFinite(n)) return '> 200'.padEnd(20);
      const r = simulate(CHOSEN, { cv, n, change, trials: 4000, threshold: THRESHOLD });
      return `${n} (${pct(r.regressed).trim()})`.padEnd(20);
    });
    lines.push(`${cvCell(cv)}${cells.join('')}`.trimEnd());
  }
  return lines;
}

/** Repetitions per run at which the history flags a step of `change` 4 times in 5, by compare's power rule. */
function historyReps(cv: number, change: number, window: number): number {
  const s = logSdOfCv(cv);
  for (let n = 1; n <= 200; n++) {
    const se = (s / Math.sqrt(n)) * Math.sqrt(1 + 1 / window);
    if (detectableChange(se, window - 1, THRESHOLD) <= change - 1) return n;
  }
  return Infinity;
}

function historyTable(windows: number[]): string[] {
  const lines = [
    `              ${windows.map((w) => `${w} runs before`.padEnd(WIDTH)).join('')}reps/run to flag 10% (simulated)`,
    `CV    reps/run${windows.map(() => `${'false'.padStart(6)} ${'10%'.padStart(6)} ${'30%'.padStart(6)}`.padEnd(WIDTH)).join('')}${windows.map((w) => `${w} before`.padEnd(16)).join('')}`,
  ];
  for (const cv of CVS) {
    const needed = windows.map((window) => {
      const n = historyReps(cv, 1.1, window);
      if (!Number.isFinite(n)) return '> 200'.padEnd(16);
      return `${n} (${pct(simulateHistory({ cv, n, change: 1.1, trials: 4000, threshold: THRESHOLD, window }).regressed).trim()})`.padEnd(
        16,
      );
    });
    for (const [i, n] of [3, 5, 10, 20].entries()) {
      const cells = windows.map((window) => {
        const run = (change: number) => simulateHistory({ cv, n, change, trials: 4000, threshold: THRESHOLD, window });
        return `${pct(run(1).regressed)} ${pct(run(1.1).regressed)} ${pct(run(1.3).regressed)}`.padEnd(WIDTH);
      });
      lines.push(`${cvCell(cv)}${String(n).padEnd(8)}${cells.join('')}${i === 0 ? needed.join('') : ''}`);
    }
  }
  return lines.map((l) => l.trimEnd());
}

function main() {
  const started = Date.now();
  const out = [
    `bench:stats — seeded simulation, threshold ±${THRESHOLD * 100}%, 95% intervals, log-normal repetitions, n a side.`,
    'false: a change called (improved or regressed) when there is none; 10% / 30%: the candidate is 10% / 30% higher and',
    "called regressed. Chosen: Welch's t on log values, a change when the interval excludes 1 and the ratio is beyond ±5%.",
    'Previous: percentile bootstrap of the ratio of means (2000 resamples here), a change when the whole interval is',
    'beyond ±5%. Studentized: bootstrap-t on log values (2000 resamples), with the chosen verdict rule.',
    '',
    ...methodTable([
      ['chosen (10000 trials)', CHOSEN, 10_000],
      ['previous (1000 trials)', PREVIOUS, 1000],
      ['studentized (1000)', STUDENTIZED, 1000],
    ]),
    '',
    'The chosen method when the repetitions are normal (symmetric) instead, same CV (10000 trials):',
    ...methodTable([['chosen, normal', CHOSEN, 10_000]], 'normal'),
    '',
    "Repetitions a side at which the chosen method calls a change 4 times in 5, from the power rule behind compare's",
    '"detects" column; in brackets the simulated detection at that n (4000 trials):',
    ...repsTable(),
    '',
    'Nightly history: a run (the mean of its repetitions) against the runs before it, 95% prediction interval and the',
    'same rule; false: flagged as a regression with no change (4000 trials):',
    ...historyTable([5, 10]),
    '',
    `(${((Date.now() - started) / 1000).toFixed(0)} s)`,
  ];
  console.log(out.join('\n'));
}

main();
