/**
 * Edit distance where inserting, deleting, substituting or swapping two
 * adjacent characters each cost 1 (optimal string alignment): a swap is the
 * commonest typo (`Pots` for `Post`) and should count as one.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  // the distance is at least the difference in length: no table needed to rule those out
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let prevMin = 0;
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      row.push(best);
      if (best < rowMin) rowMin = best;
    }
    // every later cell comes from this row or the previous one, plus something: once both
    // are past the limit, so is the answer (this keeps "did you mean" linear in practice)
    if (rowMin > limit && prevMin > limit) return limit + 1;
    before = prev;
    prev = row;
    prevMin = rowMin;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `name`, for "did you mean" help; undefined when
 * nothing is close (distance above max(1, ⌊len/3⌋)). Ties go to the candidate
 * closer ignoring case (`user` → `User`), then to the earlier candidate.
 */
export function suggest(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: { candidate: string; distance: number; folded: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate, limit);
    if (distance > limit) continue;
    const folded = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance || (distance === best.distance && folded < best.folded)) {
      best = { candidate, distance, folded };
    }
  }
  return best?.candidate;
}

/**
 * `suggest` with a bounded amount of work for one pass: each call spends one
 * unit per candidate, and once the budget is gone the help is left out. A
 * schema with thousands of unknown names would otherwise compare each with
 * every declared name (quadratic); real schemas with a few typos among
 * thousands of entities stay well inside it. Deterministic: the same schema
 * gets the same suggestions.
 */
export function suggestWithin(budget: { left: number }): (name: string, candidates: readonly string[]) => string | undefined {
  return (name, candidates) => {
    if (budget.left < candidates.length) return undefined;
    budget.left -= candidates.length;
    return suggest(name, candidates);
  };
}

/** What one pass may spend on "did you mean" (about half a second on a slow machine). */
export const SUGGESTION_BUDGET = 1_000_000;
