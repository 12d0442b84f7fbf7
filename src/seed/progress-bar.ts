// Seeding progress: a bar on a terminal, a few plain lines otherwise.
import cliProgress from 'cli-progress';
import type { SeedProgress } from './seed.js';

/** On a terminal a live bar on stderr; otherwise quarter-way lines through `log`. */
export function seedProgress(label: string, log: (line: string) => void, stream: NodeJS.WriteStream = process.stderr): SeedProgress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} objects ({eta}s left)`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    return { start: (total) => bar.start(total, 0), tick: (n) => bar.update(n), stop: () => bar.stop() };
  }
  let total = 0;
  let lastQuarter = 0;
  return {
    start: (n) => {
      total = n;
      log(`${label}: creating ${n} objects`);
    },
    tick: (n) => {
      const quarter = Math.floor((4 * n) / total);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        log(`${label}: ${n}/${total}`);
      }
    },
    stop: () => {},
  };
}
