// Ctrl-C (or SIGTERM) during a run: the first stops the engine and the target and keeps what was measured; a second
// quits at once.
import type { EngineRun } from './engine-process.js';

export class Interrupts {
  aborted = false;
  /** the engine of the repetition under way, asked to stop on the first signal */
  engine?: EngineRun;

  constructor(private readonly log: (l: string) => void) {}

  private readonly onSignal = () => {
    if (this.aborted) process.exit(130);
    this.aborted = true;
    this.log('interrupted: stopping the engine and the target, keeping what was measured (Ctrl-C again to quit at once)');
    this.engine?.interrupt();
  };

  listen(): void {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  release(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    // After an interrupt, a second Ctrl-C during what is left (the summary, the caller's teardown) quits at once.
    if (this.aborted) quitOnNextSignal();
  }
}

let quitting = false;
function quitOnNextSignal(): void {
  if (quitting) return;
  quitting = true;
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(130));
}
