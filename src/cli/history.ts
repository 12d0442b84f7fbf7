// `ksb history add|report`: nightly trends in one CSV file.
import { Command, InvalidArgumentError } from 'commander';
import { loadRunOrRuns } from '../results/load-run.js';
import { appendHistory, readHistory, trend } from '../report/history.js';
import { TREND_METRICS, writeHistoryReport } from '../report/history-report.js';
import { parsePositiveInt, parseThreshold, requireDirectories } from './parse.js';
import { InputError } from '../errors/input-error.js';

function parseWindow(value: string): number {
  const n = parsePositiveInt(value);
  if (n < 2) throw new InvalidArgumentError(`expected at least 2 (the spread of the earlier runs needs two), got "${value}"`);
  return n;
}

function collectTrendMetric(value: string, previous: string[]): string[] {
  if (!TREND_METRICS.includes(value)) throw new InvalidArgumentError(`not a trend metric; choose from: ${TREND_METRICS.join(', ')}`);
  return [...previous, value];
}

export function historyCommand(): Command {
  const history = new Command('history').description('keep nightly results in a history file and draw their trends');
  history
    .command('add')
    .description("append a run's summary (mean per variant and metric) to the history file")
    .argument('<run>', 'run directory')
    .requiredOption('--db <path>', 'history CSV file (created if missing)')
    .action(async (dir: string, o: { db: string }) => {
      requireDirectories([dir], 'a run directory');
      const added = await appendHistory(o.db, await loadRunOrRuns(dir));
      process.stdout.write(added ? `added ${added} rows to ${o.db}\n` : `${dir} is already in ${o.db}; nothing added\n`);
    });
  history
    .command('report')
    .description('trend charts of the key metrics with regressions marked, and history.md')
    .requiredOption('--db <path>', 'history CSV file')
    .requiredOption('--out <dir>', 'directory for history.md and the charts')
    .option(
      '--threshold <percent>',
      'smallest rise called a regression (the run must also be outside the 95% prediction interval of the runs before it; above 0%, below 100%)',
      parseThreshold,
      0.05,
    )
    .option('--window <n>', 'how many earlier runs a run is judged against (at least 2)', parseWindow, 5)
    .option(
      '--gate <metric>',
      `trend metrics flagged when they regress (repeatable; default: all of ${TREND_METRICS.join(', ')})`,
      collectTrendMetric,
      [],
    )
    .action(async (o: { db: string; out: string; threshold: number; window: number; gate: string[] }) => {
      const rows = await readHistory(o.db);
      if (!rows.length) throw new InputError(`--db ${o.db}: no history yet (add runs with ksb history add <run> --db ${o.db})`);
      const points = trend(rows, { ...o, gates: o.gate.length ? o.gate : undefined });
      const files = await writeHistoryReport(o.out, points, o);
      const regressions = points.filter((p) => p.regressed).length;
      process.stdout.write(`wrote ${files.join(', ')} in ${o.out}; ${regressions} regression(s)\n`);
    });
  return history;
}
