// The search of a bisect, apart from how a commit is judged: a binary search over the commits after the good one up
// to the bad one (oldest first, the bad one last), as `git bisect` does, skipping what cannot be judged (a commit
// that does not build, a verdict that stays inconclusive) and trying the nearest untested commit instead.

/** How a commit was judged against the good build: regressed → bad, unchanged or improved → good, else skip. */
export type StepOutcome = 'bad' | 'good' | 'skip';

export type SearchResult =
  | { kind: 'found'; commit: string }
  /** only skipped commits were left between the last good and the first bad: any of these may be the first bad */
  | { kind: 'ambiguous'; candidates: string[] };

/** The untested commit nearest the middle of (lo, hi), none when every commit there was skipped. */
function nextProbe(lo: number, hi: number, skipped: ReadonlySet<number>): number | undefined {
  const middle = (lo + hi) / 2;
  let best: number | undefined;
  for (let i = lo + 1; i < hi; i++) if (!skipped.has(i) && (best === undefined || Math.abs(i - middle) < Math.abs(best - middle))) best = i;
  return best;
}

/**
 * `commits`: oldest first, the bad commit last (it is known bad; the good one is not in the list). `judge` is asked
 * about one commit at a time and told how many are left to search; it may answer from a cache.
 */
export async function bisectCommits(
  commits: readonly string[],
  judge: (commit: string, left: number) => Promise<StepOutcome>,
): Promise<SearchResult> {
  if (!commits.length) throw new Error('bisect: no commits between good and bad');
  let lo = -1;
  let hi = commits.length - 1;
  const skipped = new Set<number>();
  for (;;) {
    const probe = nextProbe(lo, hi, skipped);
    if (probe === undefined) {
      if (hi - lo <= 1) return { kind: 'found', commit: commits[hi]! };
      return { kind: 'ambiguous', candidates: commits.slice(lo + 1, hi + 1) };
    }
    const outcome = await judge(commits[probe]!, hi - lo - 1);
    if (outcome === 'bad') hi = probe;
    else if (outcome === 'good') lo = probe;
    else skipped.add(probe);
  }
}

/** Binary search needs about log2(n + 1) steps for n commits still to search. */
export function stepsLeft(left: number): number {
  return Math.ceil(Math.log2(left + 1));
}
