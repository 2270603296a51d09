import { lowerFirst } from "../util/naming.js";
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
