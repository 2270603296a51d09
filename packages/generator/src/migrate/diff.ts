import type { NamedKey, Renames, SchemaChange } from "./changes.js";
import type { SchemaSnapshot, SnapshotColumn, SnapshotForeignKey, SnapshotTable } from "./snapshot-types.js";

/**
 * Every difference between two snapshots, following the given renames. Pure
 * and deterministic: tables in the next snapshot's order (dropped ones in the
 * previous snapshot's reverse order), columns and keys in declaration order.
 * Names (constraints, indexes) are compared apart from definitions, so a name
 * that only changed because its table or column was renamed becomes a rename,
 * never a drop and re-create.
 */
export function diffSnapshots(previous: SchemaSnapshot, next: SchemaSnapshot, renames: Renames): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const oldName = (table: string) => renames.tables.get(table) ?? table;
  const newNameOf = new Map<string, string>();
  for (const t of next.tables) newNameOf.set(oldName(t.name), t.name);
  const previousByName = new Map(previous.tables.map((t) => [t.name, t]));
  // Looked up once per foreign key: a scan of every table each time made diffing quadratic in the schema.
  const nextByName = new Map(next.tables.map((t) => [t.name, t]));

  const previousEnums = new Map(previous.enums.map((e) => [e.name, e]));
  const nextEnums = new Set(next.enums.map((e) => e.name));
  for (const e of next.enums) {
    const before = previousEnums.get(e.name);
    if (before === undefined) changes.push({ kind: "create-enum", enum: e });
    else if (before.values.join("\0") !== e.values.join("\0"))
      changes.push({ kind: "change-enum", name: e.name, before: before.values, after: e.values });
  }

  for (const t of next.tables) {
    const before = previousByName.get(oldName(t.name));
    if (before !== undefined && before.name !== t.name) changes.push({ kind: "rename-table", from: before.name, to: t.name });
  }
  for (const t of next.tables) {
    const before = previousByName.get(oldName(t.name));
    if (before === undefined) changes.push({ kind: "create-table", table: t });
    else changes.push(...diffTable(before, t, renames, newNameOf, previousByName, nextByName));
  }
  for (const t of [...previous.tables].reverse()) {
    if (!newNameOf.has(t.name)) changes.push({ kind: "drop-table", table: t });
  }
  for (const e of [...previous.enums].reverse()) if (!nextEnums.has(e.name)) changes.push({ kind: "drop-enum", enum: e });
  return changes;
}

function diffTable(
  before: SnapshotTable,
  after: SnapshotTable,
  renames: Renames,
  newNameOf: ReadonlyMap<string, string>,
  previousByName: ReadonlyMap<string, SnapshotTable>,
  nextByName: ReadonlyMap<string, SnapshotTable>,
): SchemaChange[] {
  const table = after.name;
  const columnRenames = renames.columns.get(table) ?? new Map<string, string>();
  const changes: SchemaChange[] = [];
  const beforeByColumn = new Map(before.columns.map((c) => [c.columnName, c]));
  const matched = new Set<string>();
  // Database name a previous column has now (renamed or not); undefined once dropped.
  const nowCalled = new Map<string, string>();
  for (const c of after.columns) {
    const old = beforeByColumn.get(columnRenames.get(c.columnName) ?? c.columnName);
    if (old === undefined) continue;
    matched.add(old.columnName);
    nowCalled.set(old.columnName, c.columnName);
    if (old.columnName !== c.columnName) changes.push({ kind: "rename-column", table, from: old.columnName, to: c.columnName });
  }
  for (const c of before.columns) if (!matched.has(c.columnName)) changes.push({ kind: "drop-column", table, column: c });
  for (const c of after.columns) {
    const old = beforeByColumn.get(columnRenames.get(c.columnName) ?? c.columnName);
    if (old === undefined) changes.push({ kind: "add-column", table, column: c });
    else if (!sameColumn(old, c)) changes.push({ kind: "alter-column", table, before: old, after: c });
  }

  // Definitions in database names of the next schema, so renamed columns still match.
  const beforeCols = (fields: readonly string[], t: SnapshotTable = before, called: ReadonlyMap<string, string> = nowCalled) =>
    fields.map((f) => {
      const column = t.columns.find((c) => c.name === f)?.columnName ?? f;
      return called.get(column) ?? `\0dropped:${column}`;
    });
  const afterCols = (fields: readonly string[], t: SnapshotTable = after) =>
    fields.map((f) => t.columns.find((c) => c.name === f)?.columnName ?? f);

  const keyDiff = (
    kinds: { add: "add-primary-key" | "add-unique" | "add-index"; drop: "drop-primary-key" | "drop-unique" | "drop-index"; rename: "rename-primary-key" | "rename-unique" | "rename-index" },
    olds: readonly NamedKey[],
    news: readonly NamedKey[],
  ) => {
    const pairs = matchByDefinition(
      olds, news,
      (k) => beforeCols(k.columns).join("\0"),
      (k) => afterCols(k.columns).join("\0"),
    );
    for (const k of pairs.dropped) changes.push({ kind: kinds.drop, table, key: k });
    for (const [o, n] of pairs.kept) if (o.name !== n.name) changes.push({ kind: kinds.rename, table, from: o.name, to: n.name });
    for (const k of pairs.added) changes.push({ kind: kinds.add, table, key: k });
  };
  const pk = (t: SnapshotTable): NamedKey[] => (t.primaryKey.length === 0 ? [] : [{ name: t.primaryKeyName, columns: t.primaryKey }]);
  keyDiff({ add: "add-primary-key", drop: "drop-primary-key", rename: "rename-primary-key" }, pk(before), pk(after));
  keyDiff({ add: "add-unique", drop: "drop-unique", rename: "rename-unique" }, before.uniques, after.uniques);
  keyDiff({ add: "add-index", drop: "drop-index", rename: "rename-index" }, before.indexes, after.indexes);

  const fkBefore = (fk: SnapshotForeignKey) => {
    const target = previousByName.get(fk.targetTable);
    const targetNow = newNameOf.get(fk.targetTable);
    const targetAfter = targetNow === undefined ? undefined : nextByName.get(targetNow);
    const targetCalled = new Map<string, string>();
    if (target !== undefined && targetAfter !== undefined) {
      // The target's columns by their next names, following the target's own column renames.
      const targetRenames = renames.columns.get(targetAfter.name) ?? new Map<string, string>();
      for (const a of targetAfter.columns) {
        const old = targetRenames.get(a.columnName) ?? a.columnName;
        if (target.columns.some((c) => c.columnName === old)) targetCalled.set(old, a.columnName);
      }
    }
    return [
      beforeCols(fk.columns).join(","),
      targetNow ?? `\0dropped:${fk.targetTable}`,
      target === undefined ? "" : beforeCols(fk.targetColumns, target, fk.targetTable === before.name ? nowCalled : targetCalled).join(","),
      fk.onDelete ?? "", fk.onUpdate ?? "",
    ].join("\0");
  };
  const fkAfter = (fk: SnapshotForeignKey) => {
    const target = nextByName.get(fk.targetTable);
    return [
      afterCols(fk.columns).join(","),
      fk.targetTable,
      target === undefined ? "" : afterCols(fk.targetColumns, target).join(","),
      fk.onDelete ?? "", fk.onUpdate ?? "",
    ].join("\0");
  };
  const fks = matchByDefinition(before.foreignKeys, after.foreignKeys, fkBefore, fkAfter);
  for (const fk of fks.dropped) changes.push({ kind: "drop-foreign-key", table, foreignKey: fk });
  for (const [o, n] of fks.kept) if (o.name !== n.name) changes.push({ kind: "rename-foreign-key", table, from: o.name, to: n.name });
  for (const fk of fks.added) changes.push({ kind: "add-foreign-key", table, foreignKey: fk });
  return changes;
}

/** Pairs items with equal definitions, preferring the same name; the rest are dropped or added. */
function matchByDefinition<T extends { readonly name: string }>(
  olds: readonly T[],
  news: readonly T[],
  oldKey: (item: T) => string,
  newKey: (item: T) => string,
): { dropped: T[]; kept: [T, T][]; added: T[] } {
  const free = new Set(olds);
  const kept: [T, T][] = [];
  const added: T[] = [];
  const unmatched: T[] = [];
  // Each definition once: a key follows renames through the whole schema, so it is not cheap.
  const oldKeys = new Map(olds.map((o) => [o, oldKey(o)]));
  const newKeys = new Map(news.map((n) => [n, newKey(n)]));
  for (const n of news) {
    const same = olds.find((o) => free.has(o) && o.name === n.name && oldKeys.get(o) === newKeys.get(n));
    if (same) (free.delete(same), kept.push([same, n]));
    else unmatched.push(n);
  }
  for (const n of unmatched) {
    const other = olds.find((o) => free.has(o) && oldKeys.get(o) === newKeys.get(n));
    if (other) (free.delete(other), kept.push([other, n]));
    else added.push(n);
  }
  return { dropped: olds.filter((o) => free.has(o)), kept, added };
}

function sameColumn(a: SnapshotColumn, b: SnapshotColumn): boolean {
  return sameType(a, b) && a.nullable === b.nullable && a.autoincrement === b.autoincrement && sameDefault(a, b);
}

export function sameType(a: SnapshotColumn, b: SnapshotColumn): boolean {
  return (
    a.type.kind === b.type.kind &&
    a.type.length === b.type.length &&
    a.type.precision === b.type.precision &&
    a.type.scale === b.type.scale &&
    a.type.enumName === b.type.enumName
  );
}

export function sameDefault(a: SnapshotColumn, b: SnapshotColumn): boolean {
  const key = (c: SnapshotColumn) =>
    c.default === undefined ? "" : `${c.default.kind}:${"value" in c.default ? JSON.stringify(c.default.value) : ""}`;
  return key(a) === key(b);
}
