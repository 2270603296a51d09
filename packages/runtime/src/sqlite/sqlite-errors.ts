import type { ClassifiedError, ConstraintKind } from "../dialect/dialect.js";

const KIND_BY_CODE: { readonly [code: string]: ConstraintKind } = {
  SQLITE_CONSTRAINT_UNIQUE: "unique",
  SQLITE_CONSTRAINT_PRIMARYKEY: "unique",
  SQLITE_CONSTRAINT_FOREIGNKEY: "foreign-key",
  SQLITE_CONSTRAINT_NOTNULL: "not-null",
  SQLITE_CONSTRAINT_CHECK: "check",
};

const KIND_BY_PREFIX: { readonly [prefix: string]: ConstraintKind } = {
  UNIQUE: "unique",
  "FOREIGN KEY": "foreign-key",
  "NOT NULL": "not-null",
  CHECK: "check",
};

const MESSAGE = /^(UNIQUE|FOREIGN KEY|NOT NULL|CHECK) constraint failed(?::\s*(.*))?$/s;

/**
 * Reads a constraint failure out of better-sqlite3's `SqliteError`. Matched by
 * shape (an Error with a `SQLITE_CONSTRAINT*` code) so the dialect does not
 * load the native module. The extended code decides the kind; the message
 * says where:
 *
 * - `UNIQUE constraint failed: users.email` / `t.a, t.b` → table and columns
 *   (also for a primary key); `... failed: index 'name'` (an expression
 *   index) → the index as `constraint`.
 * - `NOT NULL constraint failed: posts.title` → table and column.
 * - `CHECK constraint failed: x` → `constraint: "x"`: the constraint's name,
 *   for an unnamed column CHECK the column's name, else SQLite's rendering
 *   of the expression (`a + b < 0`).
 * - `FOREIGN KEY constraint failed` → no location: SQLite does not say.
 */
export function classifySqliteError(error: unknown): ClassifiedError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_CONSTRAINT")) return undefined;
  const match = MESSAGE.exec(error.message);
  const kind = KIND_BY_CODE[code] ?? (match?.[1] ? KIND_BY_PREFIX[match[1]] : undefined);
  if (!kind) return undefined;
  const detail = match?.[2]?.trim();
  if (!detail) return { kind };
  if (kind === "check") return { kind, constraint: detail };
  const index = /^index '(.*)'$/s.exec(detail);
  if (index) return { kind, constraint: index[1] };
  return { kind, ...location(detail) };
}

/** `t.a, t.b` → table `t`, columns `a`, `b` (each entry split at its first dot). */
function location(detail: string): { table?: string; columns?: readonly string[] } {
  let table: string | undefined;
  const columns: string[] = [];
  for (const entry of detail.split(", ")) {
    const dot = entry.indexOf(".");
    if (dot < 0) {
      columns.push(entry);
      continue;
    }
    table ??= entry.slice(0, dot);
    columns.push(entry.slice(dot + 1));
  }
  return table === undefined ? { columns } : { table, columns };
}
