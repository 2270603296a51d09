import type { ClassifiedError, ConstraintKind, TransientKind } from "../dialect/dialect.js";

/** SQLSTATE class 23 codes the runtime turns into typed constraint errors. */
const KIND_BY_CODE: { readonly [code: string]: ConstraintKind } = {
  "23505": "unique",
  "23503": "foreign-key",
  "23502": "not-null",
  "23514": "check",
};

const TRANSIENT_BY_CODE: { readonly [code: string]: TransientKind } = {
  "40P01": "deadlock",
  "40001": "serialization",
  "55P03": "lock-timeout",
  // admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now
  "57P01": "connection-lost",
  "57P02": "connection-lost",
  "57P03": "connection-lost",
  // class 08: connection exceptions
  "08000": "connection-lost",
  "08003": "connection-lost",
  "08006": "connection-lost",
};

interface PgErrorShape {
  code?: unknown;
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
  detail?: unknown;
}

/**
 * Reads pg's `DatabaseError` by shape (a SQLSTATE `code` plus the fields the
 * server sends), so the dialect does not load pg. The server names the table,
 * the constraint and, for NOT NULL, the column; the key columns of a unique or
 * foreign-key failure are only in the detail text: `Key (a, b)=(1, 2) ...`.
 */
export function classifyPostgresError(error: unknown): ClassifiedError | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as Error & PgErrorShape;
  const kind = typeof e.code === "string" ? KIND_BY_CODE[e.code] : undefined;
  if (!kind) return undefined;
  const table = typeof e.table === "string" ? e.table : undefined;
  const constraint = typeof e.constraint === "string" ? e.constraint : undefined;
  let columns: string[] | undefined;
  if (kind === "not-null" && typeof e.column === "string") columns = [e.column];
  // A delete's detail names the parent's key, not the referencing column: leave that to the constraint.
  else if ((kind === "unique" || kind === "foreign-key") && typeof e.detail === "string" && !/still referenced/.test(e.detail)) {
    columns = keyColumns(e.detail);
  }
  return {
    kind,
    ...(table === undefined ? {} : { table }),
    ...(columns === undefined ? {} : { columns }),
    ...(constraint === undefined ? {} : { constraint }),
  };
}

/**
 * `Key (userId)=(5) is not present ...` → `["userId"]`. Only when every
 * part is a column name: an expression index reports `Key (lower(title))=...`,
 * which names no column (the constraint name still says where).
 */
function keyColumns(detail: string): string[] | undefined {
  const match = /^Key \(((?:"(?:[^"]|"")*"|[^()"])*)\)=\(/s.exec(detail);
  if (!match?.[1]) return undefined;
  const parts = match[1].match(/"(?:[^"]|"")*"|[^,\s][^,]*/g);
  if (!parts) return undefined;
  const columns: string[] = [];
  for (const raw of parts) {
    const part = raw.trim();
    // The server writes names as they are (`userId`); an expression always has parentheses, refused above.
    columns.push(/^"(?:[^"]|"")*"$/.test(part) ? part.slice(1, -1).replace(/""/g, '"') : part);
  }
  return columns;
}

/**
 * Deadlocks, serialization failures and lock timeouts (the transaction was
 * rolled back and may be retried), and a connection the server closed or
 * that broke: by SQLSTATE, or pg's own message when the socket went first.
 */
export function classifyPostgresTransient(error: unknown): TransientKind | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as PgErrorShape).code;
  if (typeof code === "string") {
    const kind = TRANSIENT_BY_CODE[code];
    if (kind) return kind;
    if (code === "ECONNRESET" || code === "EPIPE" || code === "ECONNREFUSED") return "connection-lost";
  }
  if (/Connection terminated|Client has encountered a connection error|not queryable/i.test(error.message)) return "connection-lost";
  return undefined;
}
