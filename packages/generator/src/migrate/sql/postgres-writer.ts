import type { ColumnIR } from "@relgen/dsl";
import type { SchemaChange } from "../changes.js";
import { sameDefault, sameType } from "../diff.js";
import { ServerWriter } from "./server-writer.js";

type Of<K extends SchemaChange["kind"]> = Extract<SchemaChange, { kind: K }>;

/** PostgreSQL: transactional DDL, native enum types, identity columns. */
export class PostgresWriter extends ServerWriter {
  protected renameTable(from: string, to: string): string[] {
    return [`ALTER TABLE ${this.q(from)} RENAME TO ${this.q(to)};`];
  }

  protected dropIndex(_table: string, name: string): string {
    return `DROP INDEX ${this.q(name)};`;
  }

  protected dropUnique(table: string, name: string): string {
    return `ALTER TABLE ${this.q(table)} DROP CONSTRAINT ${this.q(name)};`;
  }

  protected dropPrimaryKey(table: string, name: string): string[] {
    return [`ALTER TABLE ${this.q(table)} DROP CONSTRAINT ${this.q(name)};`];
  }

  protected renameKey(c: Of<"rename-primary-key" | "rename-unique" | "rename-index" | "rename-foreign-key">): string[] {
    return c.kind === "rename-index"
      ? [`ALTER INDEX ${this.q(c.from)} RENAME TO ${this.q(c.to)};`]
      : [`ALTER TABLE ${this.q(c.table)} RENAME CONSTRAINT ${this.q(c.from)} TO ${this.q(c.to)};`];
  }

  /**
   * Only appending members keeps the type (`ADD VALUE`). A new value cannot
   * be used in the transaction that added it, so when a default of this
   * schema names one, or members are removed or reordered, the type is
   * replaced: a new type, every column cast through text, the old type
   * dropped and the new one renamed.
   */
  /** Enums whose change replaces the type instead of adding values to it. */
  private replacedEnums(): Set<string> {
    return new Set(this.ctx.changes.flatMap((c) => (c.kind === "change-enum" && !this.canAddValues(c) ? [c.name] : [])));
  }

  private canAddValues(c: Of<"change-enum">): boolean {
    const added = c.after.filter((v) => !c.before.includes(v));
    const keepsOrder = c.before.every((v) => c.after.includes(v)) && c.after.filter((v) => c.before.includes(v)).join("\0") === c.before.join("\0");
    const usedAsDefault = this.ctx.next.tables.some((t) =>
      t.columns.some((col) => col.default?.kind === "enum" && col.type.enumName === c.name && added.includes(col.default.value)),
    );
    // Casting existing values into the enum may meet a new value too.
    const castInto = this.ctx.changes.some((x) => x.kind === "alter-column" && x.after.type.enumName === c.name && x.before.type.enumName !== c.name);
    return keepsOrder && !usedAsDefault && !castInto;
  }

  protected changeEnum(c: Of<"change-enum">): string[] {
    const added = c.after.filter((v) => !c.before.includes(v));
    const literal = (v: string) => this.ctx.dialect.stringLiteral(v);
    if (this.canAddValues(c)) {
      return added.map((v) => {
        const i = c.after.indexOf(v);
        const place = i > 0 ? `AFTER ${literal(c.after[i - 1]!)}` : `BEFORE ${literal(c.after.find((x) => c.before.includes(x))!)}`;
        return `ALTER TYPE ${this.q(c.name)} ADD VALUE ${literal(v)} ${place};`;
      });
    }
    const temp = `${c.name}__relgen_new`;
    const users = this.enumColumns(c.name);
    return [
      `CREATE TYPE ${this.q(temp)} AS ENUM (${c.after.map(literal).join(", ")});`,
      ...users.flatMap(({ table, column, hadDefault }) => [
        ...(hadDefault ? [`ALTER TABLE ${this.q(table)} ALTER COLUMN ${this.q(column)} DROP DEFAULT;`] : []),
        `ALTER TABLE ${this.q(table)} ALTER COLUMN ${this.q(column)} TYPE ${this.q(temp)} USING ${this.q(column)}::text::${this.q(temp)};`,
      ]),
      `DROP TYPE ${this.q(c.name)};`,
      `ALTER TYPE ${this.q(temp)} RENAME TO ${this.q(c.name)};`,
      ...users.flatMap(({ table, column }) => {
        const now = this.ctx.hasToTable(table) ? this.ctx.toTable(table).columns.find((x) => x.columnName === column) : undefined;
        const value = now === undefined ? undefined : this.defaultSql(now);
        return value === undefined ? [] : [`ALTER TABLE ${this.q(table)} ALTER COLUMN ${this.q(column)} SET DEFAULT ${value};`];
      }),
    ];
  }

  /** Columns of the enum at this point of the migration: previous columns, by their new names, minus dropped ones. */
  private enumColumns(name: string): { table: string; column: string; hadDefault: boolean }[] {
    const found: { table: string; column: string; hadDefault: boolean }[] = [];
    for (const [old, now] of this.ctx.tableNowCalled) {
      const before = this.ctx.from.table(old);
      const dropped = new Set(this.ctx.changes.flatMap((c) => (c.kind === "drop-column" && c.table === now ? [c.column.columnName] : [])));
      for (const col of before.columns) {
        if (col.type.kind !== "Enum" || col.type.enumName !== name || dropped.has(col.columnName)) continue;
        const rename = this.ctx.changes.find((c) => c.kind === "rename-column" && c.table === now && c.from === col.columnName);
        found.push({ table: now, column: rename?.kind === "rename-column" ? rename.to : col.columnName, hadDefault: col.default !== undefined });
      }
    }
    return found;
  }

  protected alterColumn(table: string, column: ColumnIR, c: Of<"alter-column">): string[] {
    const alter = (what: string) => `ALTER TABLE ${this.q(table)} ALTER COLUMN ${this.q(column.columnName)} ${what};`;
    const { before: b, after: a } = c;
    // An identity is not a default in PostgreSQL: DROP/SET DEFAULT refuse it (see the IDENTITY steps).
    const hadDefault = b.default !== undefined && b.default.kind !== "autoincrement";
    const out: string[] = [];
    const retype = !sameType(b, a);
    // A replaced enum type already dropped and set this column's default (see changeEnum).
    const swapped = !retype && a.type.kind === "Enum" && this.replacedEnums().has(a.type.enumName ?? "");
    const redefault = !swapped && (!sameDefault(b, a) || (retype && a.default !== undefined));
    if (!swapped && hadDefault && (retype || !sameDefault(b, a))) out.push(alter("DROP DEFAULT"));
    if (b.autoincrement && !a.autoincrement) out.push(alter("DROP IDENTITY"));
    if (retype) {
      const type = this.ctx.dialect.columnType(column.type, this.ctx.toEnums);
      const via = column.type.kind === "Enum" || b.type.kind === "Enum" ? "::text" : "";
      out.push(alter(`TYPE ${type} USING ${this.q(column.columnName)}${via}::${type}`));
    }
    if (b.nullable && !a.nullable) out.push(...this.backfill(table, column), alter("SET NOT NULL"));
    if (!b.nullable && a.nullable) out.push(alter("DROP NOT NULL"));
    if (redefault && a.default !== undefined) {
      const value = this.defaultSql(column);
      if (value !== undefined) out.push(alter(`SET DEFAULT ${value}`));
    }
    if (!b.autoincrement && a.autoincrement) out.push(alter("ADD GENERATED BY DEFAULT AS IDENTITY"));
    return out;
  }
}
