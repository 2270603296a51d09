import { RelgenError } from "./relgen-error.js";

/** `add` / `remove` on a collection that reads through an association entity. */
export class ReadOnlyRelationError extends RelgenError {
  override readonly name = "ReadOnlyRelationError";
  constructor(
    readonly entity: string,
    readonly relation: string,
    readonly through: string | undefined,
  ) {
    super(
      through
        ? `${entity}.${relation} reads through the association entity ${through} and cannot be changed directly. ` +
            `Create or delete a ${through} instead (for example \`session.add(new ${through}({ ... }))\`).`
        : `${entity}.${relation} is view-only and cannot be changed.`,
    );
  }
}

/** `.one()` found nothing. */
export class NoResultError extends RelgenError {
  override readonly name = "NoResultError";
  constructor(readonly entity: string) {
    super(`No ${entity} matched the query; use .first() when none is a normal outcome.`);
  }
}

/** An object used in a way its state does not allow (another session's object, a detached object loading). */
export class SessionStateError extends RelgenError {
  override readonly name = "SessionStateError";
}
