import { reportError } from "../util/platform.js";

/** One statement as the database saw it: what `engine.onStatement` subscribers receive. */
export interface StatementEvent {
  readonly kind: StatementKind;
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly durationMs: number;
  /** Rows returned (queries) or changed (writes); absent when the statement failed. */
  readonly rowCount?: number | undefined;
  /** The driver's error, when the statement failed. */
  readonly error?: unknown;
}

export type StatementKind = "select" | "insert" | "update" | "delete" | "transaction" | "other";

export type StatementListener = (event: StatementEvent) => void;

export function statementKind(sql: string): StatementKind {
  const word = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase();
  switch (word) {
    case "select":
    case "with":
      return "select";
    case "insert":
      return "insert";
    case "update":
      return "update";
    case "delete":
      return "delete";
    case "begin":
    case "commit":
    case "rollback":
    case "savepoint":
    case "release":
    case "start":
      return "transaction";
    default:
      return "other";
  }
}

/** Subscribers, called in order; a throwing subscriber is reported, never allowed to break a flush. */
export class StatementLog {
  private listeners: StatementListener[] = [];

  get active(): boolean {
    return this.listeners.length > 0;
  }

  subscribe(listener: StatementListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(event: StatementEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        reportError("relgen: an onStatement listener threw; the statement itself was not affected.", error);
      }
    }
  }
}
