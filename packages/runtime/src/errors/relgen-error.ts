/** Base of every error the runtime throws, so callers can tell relgen's errors from their own. */
export class RelgenError extends Error {
  override name = "RelgenError";
}
