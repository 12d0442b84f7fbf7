// `ksb history add|report`: nightly trends in one CSV file.
import { Command } from 'commander';
import { loadRunOrRuns } from '../results/load-run.js';
import { appendHistory, readHistory, trend } from '../report/history.js';
import { writeHistoryReport } from '../report/history-report.js';
import { parsePercent, parsePositiveInt } from './parse.js';

export function historyCommand(): Command {
  const history = new Command('history').description('keep nightly results in a history file and draw their trends');
  history
    .command('add')
    .description("append a run's summary (mean per variant and metric) to the history file")
    .argument('<run>', 'run directory')
    .requiredOption('--db <path>', 'history CSV file (created if missing)')
    .action(async (dir: string, o: { db: string }) => {
      const added = await appendHistory(o.db, await loadRunOrRuns(dir));
      process.stdout.write(added ? `added ${added} rows to ${o.db}\n` : `${dir} is already in ${o.db}; nothing added\n`);
    });
  history
    .command('report')
    .description('trend charts of the key metrics with regressions marked, and history.md')
    .requiredOption('--db <path>', 'history CSV file')
    .requiredOption('--out <dir>', 'directory for history.md and the charts')
    .option('--threshold <percent>', 'a run this much above the median of the runs before it is a regression', parsePercent, 0.1)
    .option('--window <n>', 'how many earlier runs the median is taken over', parsePositiveInt, 5)
    .action(async (o: { db: string; out: string; threshold: number; window: number }) => {
      const rows = await readHistory(o.db);
      if (!rows.length) throw new Error(`--db ${o.db}: no history yet (add runs with ksb history add <run> --db ${o.db})`);
      const points = trend(rows, o);
      const files = await writeHistoryReport(o.out, points, o);
      const regressions = points.filter((p) => p.regressed).length;
      process.stdout.write(`wrote ${files.join(', ')} in ${o.out}; ${regressions} regression(s)\n`);
    });
  return history;
}
