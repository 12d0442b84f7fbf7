// Seeding progress: a bar on a terminal, a few plain lines otherwise.
import cliProgress from 'cli-progress';
import type { SeedProgress } from './seed.js';

export function seedProgress(label: string, stream: NodeJS.WriteStream = process.stderr): SeedProgress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total} objects ({eta}s left)`, stream, hideCursor: true }, cliProgress.Presets.shades_classic);
    return { start: (total) => bar.start(total, 0), tick: (n) => bar.update(n), stop: () => bar.stop() };
  }
  let total = 0;
  let lastQuarter = 0;
  return {
    start: (n) => {
      total = n;
      stream.write(`${label}: creating ${n} objects\n`);
    },
    tick: (n) => {
      const quarter = Math.floor((4 * n) / total);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        stream.write(`${label}: ${n}/${total}\n`);
      }
    },
    stop: () => {},
  };
}
