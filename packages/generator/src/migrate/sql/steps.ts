/** A group of statements under one comment line (the change it carries out). */
export interface Step {
  readonly comment: string;
  readonly notes?: readonly string[];
  readonly statements: readonly string[];
}

export function step(comment: string, statements: readonly string[], notes: readonly string[] = []): Step {
  return { comment, notes, statements };
}
