// Counts what reaches the database per step of the example, through the
// engine's statement log: "1 BEGIN, 3 INSERT users, 1 COMMIT".
import type { Engine, StatementEvent } from "@relgen/runtime";

// "users" on SQLite and PostgreSQL, `users` on MySQL.
const TABLE = /\b(?:FROM|INTO|UPDATE)\s+(?:"([^"]+)"|`([^`]+)`)/i;

/** The statement's own table: the first one named outside parentheses (subqueries name others). */
function tableOf(sql: string): string | undefined {
  let outer = sql;
  for (let inner = outer.replace(/\([^()]*\)/g, ""); inner !== outer; inner = outer.replace(/\([^()]*\)/g, "")) outer = inner;
  const match = TABLE.exec(outer);
  return match?.[1] ?? match?.[2];
}

/** Records every statement of an engine; `take()` summarizes and forgets what was recorded since the last call. */
export class StatementCounter {
  private events: StatementEvent[] = [];
  readonly stop: () => void;

  constructor(engine: Engine) {
    this.stop = engine.onStatement((event) => this.events.push(event));
  }

  /** How many statements ran since the last call, and which (kind and table, in order of first use). */
  take(): { count: number; summary: string } {
    const groups = new Map<string, number>();
    for (const event of this.events) {
      const kind = event.kind === "transaction" ? event.sql.split(/\s+/)[0]!.toUpperCase() : event.kind.toUpperCase();
      const table = event.kind === "transaction" ? undefined : tableOf(event.sql);
      const key = table ? `${kind} ${table}` : kind;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    const count = this.events.length;
    this.events = [];
    const summary = [...groups].map(([key, n]) => (n === 1 ? key : `${n} × ${key}`)).join(", ");
    return { count, summary };
  }
}
