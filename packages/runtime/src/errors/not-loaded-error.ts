/**
 * Thrown when code reads a relation that has not been loaded. Returning
 * `undefined` would hide N+1 bugs and missing eager loads; a named error with
 * the two ways to load says what to do instead.
 */
export class NotLoadedError extends Error {
  override readonly name = "NotLoadedError";
  readonly entity: string;
  readonly relation: string;

  constructor(entity: string, relation: string) {
    const variable = lowerFirst(entity);
    super(
      `${entity}.${relation} is not loaded. Load it first with \`await ${variable}.${relation}.load()\`, ` +
        `or eager-load it with \`session.query(${entity}).with("${relation}")\`.`,
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
