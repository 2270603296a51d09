import type { Dialect } from "../dialect/dialect.js";

/**
 * Accumulates bound parameters while SQL text is assembled left to right, so
 * numbered placeholders (`$1`) come out in text order. Values never enter the
 * SQL text; identifiers always pass through `q`.
 */
export class SqlBuilder {
  readonly params: unknown[] = [];
  constructor(readonly dialect: Dialect) {}

  param(value: unknown): string {
    this.params.push(value);
    return this.dialect.placeholder(this.params.length);
  }

  q(identifier: string): string {
    return this.dialect.quote(identifier);
  }

  /** `"alias"."column"` */
  col(alias: string, column: string): string {
    return `${this.dialect.quote(alias)}.${this.dialect.quote(column)}`;
  }
}
