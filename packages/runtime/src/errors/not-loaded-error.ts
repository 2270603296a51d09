import { RelgenError } from "./relgen-error.js";

/**
 * Thrown when code reads a relation that has not been loaded. Returning
 * `undefined` would hide N+1 bugs and missing eager loads; a named error with
 * the ways to load says what to do instead. For a `raise` relation, loading
 * it lazily is the mistake, so only the eager way is offered.
 */
export class NotLoadedError extends RelgenError {
  override readonly name = "NotLoadedError";
  readonly entity: string;
  readonly relation: string;

  constructor(entity: string, relation: string, options: { raise?: boolean } = {}) {
    const variable = lowerFirst(entity);
    const eager = `\`session.query(${entity}).with("${relation}")\``;
    super(
      options.raise
        ? `${entity}.${relation} is declared @lazy(raise): it is never loaded on access. ` +
            `Eager-load it with ${eager} (or { ${relation}: "selectin" }).`
        : `${entity}.${relation} is not loaded. Load it first with \`await ${variable}.${relation}.load()\`, ` +
            `or eager-load it with ${eager}.`,
    );
    this.entity = entity;
    this.relation = relation;
  }
}

/** `User` → `user`, `HTTPLog` → `httpLog`: the variable name a user would pick. */
function lowerFirst(name: string): string {
  const run = /^[A-Z]+/.exec(name)?.[0] ?? "";
  if (run.length <= 1 || run.length === name.length) return run.toLowerCase() + name.slice(run.length);
  return run.slice(0, -1).toLowerCase() + name.slice(run.length - 1);
}
