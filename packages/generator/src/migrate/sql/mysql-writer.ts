import type { ColumnIR, TableIR } from "@relgen/dsl";
import type { SchemaChange } from "../changes.js";
import { sameType } from "../diff.js";
import { columnDefinition } from "../../migrations/create-table.js";
import { ServerWriter } from "./server-writer.js";
import { type Step, step } from "./steps.js";

type Of<K extends SchemaChange["kind"]> = Extract<SchemaChange, { kind: K }>;

/**
 * MySQL / MariaDB: every DDL statement commits by itself, so each change is
 * its own small statement (the migrator reports how far it got). Enums are
 * inline ENUM(...) column types; foreign keys need an index on their columns,
 * and cannot be renamed (dropped and added again instead).
 */
export class MysqlWriter extends ServerWriter {
  protected renameTable(from: string, to: string): string[] {
    return [`RENAME TABLE ${this.q(from)} TO ${this.q(to)};`];
  }

  protected dropIndex(table: string, name: string): string {
    return `DROP INDEX ${this.q(name)} ON ${this.q(table)};`;
  }

  protected dropUnique(table: string, name: string): string {
    return this.dropIndex(table, name);
  }

  // An AUTO_INCREMENT column must stay a key: it loses AUTO_INCREMENT in the
  // same statement that drops the key (a later change sets its final shape).
  protected dropPrimaryKey(table: string): string[] {
    const before = this.ctx.fromTable(table);
    const auto = before?.columns.find((c) => c.autoincrement && before.primaryKey.includes(c.name));
    if (auto === undefined) return [`ALTER TABLE ${this.q(table)} DROP PRIMARY KEY;`];
    const now = { ...auto, columnName: this.renamedColumn(table, auto.columnName), autoincrement: false };
    const definition = columnDefinition(now, before!.primaryKeyName, this.ctx.dialect, this.ctx.fromEnums);
    return [`ALTER TABLE ${this.q(table)} MODIFY COLUMN ${definition}, DROP PRIMARY KEY;`];
  }

  private renamedColumn(table: string, previous: string): string {
    const rename = this.ctx.changes.find((c) => c.kind === "rename-column" && c.table === table && c.from === previous);
    return rename?.kind === "rename-column" ? rename.to : previous;
  }

  /** The new primary key, when it is added in this migration and holds an AUTO_INCREMENT column that becomes one now. */
  private keyWithNewAuto(table: string): string | undefined {
    const added = this.ctx.changes.find((c) => c.kind === "add-primary-key" && c.table === table);
    if (added?.kind !== "add-primary-key") return undefined;
    const t = this.ctx.toTable(table);
    const becomesAuto = this.ctx.changes.some(
      (c) =>
        (c.kind === "add-column" && c.table === table && c.column.autoincrement) ||
        (c.kind === "alter-column" && c.table === table && c.after.autoincrement && !c.before.autoincrement),
    );
    return becomesAuto ? `ADD PRIMARY KEY ${this.keyColumns(t, added.key.columns)}` : undefined;
  }

  protected override addColumn(table: string, columnName: string): string[] {
    const column = this.column(table, columnName);
    const key = column.autoincrement ? this.keyWithNewAuto(table) : undefined;
    return [`ALTER TABLE ${this.q(table)} ADD COLUMN ${this.definition(table, columnName)}${key === undefined ? "" : `, ${key}`};`];
  }

  protected override addPrimaryKey(tableName: string, key: { columns: readonly string[] }): string[] {
    if (this.keyWithNewAuto(tableName) !== undefined) return [];
    return [`ALTER TABLE ${this.q(tableName)} ADD PRIMARY KEY ${this.keyColumns(this.ctx.toTable(tableName), key.columns)};`];
  }

  protected renameKey(c: Of<"rename-primary-key" | "rename-unique" | "rename-index" | "rename-foreign-key">): string[] {
    // The primary key is always called PRIMARY; foreign keys are dropped and re-added (see extraDrops).
    if (c.kind === "rename-primary-key" || c.kind === "rename-foreign-key") return [];
    return [`ALTER TABLE ${this.q(c.table)} RENAME INDEX ${this.q(c.from)} TO ${this.q(c.to)};`];
  }

  protected changeEnum(c: Of<"change-enum">): string[] {
    const alteredOrAdded = new Set(
      this.ctx.changes.flatMap((x) =>
        x.kind === "alter-column" ? [`${x.table}.${x.after.columnName}`] : x.kind === "add-column" ? [`${x.table}.${x.column.columnName}`] : [],
      ),
    );
    const created = new Set(this.ctx.changes.flatMap((x) => (x.kind === "create-table" ? [x.table.name] : [])));
    return this.ctx.toIR.tables
      .filter((t) => !created.has(t.name))
      .flatMap((t) =>
        t.columns
          .filter((col) => col.type.kind === "Enum" && col.type.enumName === c.name && !alteredOrAdded.has(`${t.name}.${col.columnName}`))
          .map((col) => this.modify(t.name, col)),
      );
  }

  private modify(table: string, column: ColumnIR): string {
    return `ALTER TABLE ${this.q(table)} MODIFY COLUMN ${this.definition(table, column.columnName)};`;
  }

  protected alterColumn(table: string, column: ColumnIR, c: Of<"alter-column">): string[] {
    const fill = c.before.nullable && !c.after.nullable ? this.backfill(table, column) : [];
    const key = c.after.autoincrement && !c.before.autoincrement ? this.keyWithNewAuto(table) : undefined;
    const modify = this.modify(table, column);
    return [...fill, key === undefined ? modify : `${modify.slice(0, -1)}, ${key};`];
  }

  /**
   * Foreign keys that must come off before the drops: renamed ones (MySQL
   * cannot rename them), and kept ones whose index is about to be dropped
   * (InnoDB refuses to drop the index a foreign key uses). They are added
   * again at the end.
   */
  private bounced(): { table: TableIR; from: string; to: string; why: string }[] {
    const out: { table: TableIR; from: string; to: string; why: string }[] = [];
    for (const c of this.ctx.changes) {
      if (c.kind === "rename-foreign-key") out.push({ table: this.ctx.toTable(c.table), from: c.from, to: c.to, why: "renamed" });
    }
    const droppedKeys = new Set(this.ctx.changes.flatMap((c) => (c.kind === "drop-foreign-key" ? [`${c.table}.${c.foreignKey.name}`] : [])));
    for (const c of this.ctx.changes) {
      if (c.kind !== "drop-index" && c.kind !== "drop-unique" && c.kind !== "drop-primary-key") continue;
      const before = this.ctx.fromTable(c.table);
      if (before === undefined) continue;
      const first = this.ctx.columnNames(before, c.key.columns)[0];
      for (const fk of before.foreignKeys) {
        if (droppedKeys.has(`${c.table}.${fk.name}`) || out.some((o) => o.table.name === c.table && o.from === fk.name)) continue;
        if (this.ctx.columnNames(before, fk.columns)[0] !== first) continue;
        const renamed = this.ctx.changes.find((x) => x.kind === "rename-foreign-key" && x.table === c.table && x.from === fk.name);
        const to = renamed?.kind === "rename-foreign-key" ? renamed.to : fk.name;
        out.push({ table: this.ctx.toTable(c.table), from: fk.name, to, why: `its index ${c.key.name} is dropped` });
      }
    }
    // InnoDB refuses to change the type of a column on either side of a foreign key.
    for (const c of this.ctx.changes) {
      if (c.kind !== "alter-column" || sameType(c.before, c.after)) continue;
      const owner = this.ctx.fromTable(c.table);
      if (owner === undefined) continue;
      for (const [old, now] of this.ctx.tableNowCalled) {
        const table = this.ctx.from.table(old);
        for (const fk of table.foreignKeys) {
          const touches =
            (old === owner.name && fk.columns.includes(c.before.name)) ||
            (fk.targetTable === owner.name && fk.targetColumns.includes(c.before.name));
          if (!touches || droppedKeys.has(`${now}.${fk.name}`) || out.some((o) => o.table.name === now && o.from === fk.name)) continue;
          const renamed = this.ctx.changes.find((x) => x.kind === "rename-foreign-key" && x.table === now && x.from === fk.name);
          const to = renamed?.kind === "rename-foreign-key" ? renamed.to : fk.name;
          out.push({ table: this.ctx.toTable(now), from: fk.name, to, why: `${c.table}.${c.after.columnName} changes type` });
        }
      }
    }
    return out;
  }

  protected override extraDrops(): Step[] {
    return this.bounced().map((b) =>
      step(`drop foreign key ${b.table.name}.${b.from} for now (${b.why}; added again below)`, [
        this.ctx.dialect.dropForeignKey(b.table.name, b.from),
      ]),
    );
  }

  protected override extraAdds(): Step[] {
    return this.bounced().map((b) => this.foreignKeyStep(b.table, this.foreignKey(b.table, b.to), `add foreign key ${b.table.name}.${b.to} again`));
  }
}
