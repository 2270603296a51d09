import { RelgenError } from "./relgen-error.js";

/**
 * The session cannot write what it was given: a required foreign key with no
 * parent, a delete that would null a NOT NULL key, a row changed underneath.
 * Raised before the first statement where possible; always after rollback,
 * so nothing of the flush is written.
 */
export class FlushError extends RelgenError {
  override readonly name = "FlushError";
  constructor(
    message: string,
    readonly entity?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
