// What a start has set up, undone in reverse order: by stop(), or by the start itself when a later step fails.
export class Teardown {
  private readonly steps: Array<() => Promise<void>> = [];

  add(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  /** Runs every step once, newest first; a second call finds nothing left to do. */
  async run(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) await step();
  }
}
