// Statement counts for every contender the same way: each better-sqlite3
// statement executed (run / get / all / iterate, and exec), whoever prepared
// it. Transaction control and pragmas are not counted: better-sqlite3's own
// transaction() runs BEGIN/COMMIT through the same calls while some ORMs
// send them as text, and counting them would compare bookkeeping, not work.
import type BetterSqlite3 from "better-sqlite3";

const CONTROL = /^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)\b/i;
const patched = new WeakSet<object>();
let executed = 0;

/** One statement executed, for drivers counted by hand or through `engine.onStatement` (PostgreSQL, MariaDB). */
export function countOne(): void {
  executed++;
}

export const statements = {
  reset(): void {
    executed = 0;
  },
  get count(): number {
    return executed;
  },
};

/** Counts the statements of this copy of better-sqlite3 (the peers have their own copy). */
export function countStatementsOf(Database: typeof BetterSqlite3): void {
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, unknown>;
  probe.close();
  if (patched.has(proto)) return;
  patched.add(proto);
  // `source` is a native getter that copies the SQL text on every read: asked once per statement, so a
  // contender with long statements (multi-row INSERTs) does not pay more for being counted.
  const counted = new WeakMap<object, boolean>();
  const counts = (statement: { source: string }) => {
    let yes = counted.get(statement);
    if (yes === undefined) counted.set(statement, (yes = !CONTROL.test(statement.source)));
    return yes;
  };
  for (const method of ["run", "get", "all", "iterate"]) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      if (counts(this)) executed++;
      return original.apply(this, args);
    };
  }
  const exec = Database.prototype.exec;
  Database.prototype.exec = function (this: BetterSqlite3.Database, sql: string) {
    if (!CONTROL.test(sql)) executed++;
    return exec.call(this, sql);
  };
}
