import type { Catalog, CatalogColumn, CatalogForeignKey, CatalogTable, MigrationDialect } from "./format.js";

/** Code-point order: the same everywhere, unlike localeCompare. */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byList = (a: readonly string[], b: readonly string[]): number => byText(a.join("\u0000"), b.join("\u0000"));
const byForeignKey = (a: CatalogForeignKey, b: CatalogForeignKey): number =>
  byList(a.columns, b.columns) || byText(a.targetTable, b.targetTable) || byList(a.targetColumns, b.targetColumns);

export function emptyCatalog(dialect: MigrationDialect): Catalog {
  return { dialect, tables: [], enums: [] };
}

/** A copy with every list in the order format.ts documents and every object's keys in one order (so its JSON is stable). */
export function sortCatalog(catalog: Catalog): Catalog {
  return {
    dialect: catalog.dialect,
    tables: [...catalog.tables]
      .map((t): CatalogTable => ({
        name: t.name,
        columns: t.columns
          .map((c): CatalogColumn => ({ name: c.name, type: c.type, nullable: c.nullable, hasDefault: c.hasDefault }))
          .sort((a, b) => byText(a.name, b.name)),
        primaryKey: [...t.primaryKey],
        uniques: t.uniques.map((u) => [...u]).sort(byList),
        indexes: t.indexes.map((i) => [...i]).sort(byList),
        foreignKeys: t.foreignKeys
          .map((fk): CatalogForeignKey => ({
            columns: [...fk.columns],
            targetTable: fk.targetTable,
            targetColumns: [...fk.targetColumns],
            onDelete: fk.onDelete,
            onUpdate: fk.onUpdate,
          }))
          .sort(byForeignKey),
      }))
      .sort((a, b) => byText(a.name, b.name)),
    enums: catalog.enums.map((e) => ({ name: e.name, values: [...e.values] })).sort((a, b) => byText(a.name, b.name)),
  };
}

const list = (names: readonly string[]) => `(${names.map((n) => `"${n}"`).join(", ")})`;
const describeColumn = (c: CatalogColumn) =>
  `${c.type} ${c.nullable ? "NULL" : "NOT NULL"}${c.hasDefault ? " with a default" : ""}`;
const describeKey = (fk: CatalogForeignKey) =>
  `${list(fk.columns)} -> "${fk.targetTable}" ${list(fk.targetColumns)} ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;

/**
 * The differences between the catalog the migrations produce and the one the
 * database has, one human line each (`table "post": column "title" is
 * varchar(100), expected varchar(200)`); [] when they are the same.
 */
export function compareCatalogs(expected: Catalog, actual: Catalog): string[] {
  const lines: string[] = [];
  const want = sortCatalog(expected);
  const have = sortCatalog(actual);
  const haveTables = new Map(have.tables.map((t) => [t.name, t]));
  const wantTables = new Map(want.tables.map((t) => [t.name, t]));
  for (const t of want.tables) {
    const other = haveTables.get(t.name);
    if (other === undefined) lines.push(`missing table "${t.name}"`);
    else lines.push(...compareTables(t, other));
  }
  for (const t of have.tables) if (!wantTables.has(t.name)) lines.push(`unexpected table "${t.name}"`);
  const haveEnums = new Map(have.enums.map((e) => [e.name, e]));
  const wantEnums = new Map(want.enums.map((e) => [e.name, e]));
  for (const e of want.enums) {
    const other = haveEnums.get(e.name);
    if (other === undefined) lines.push(`missing enum type "${e.name}"`);
    else if (other.values.join("\u0000") !== e.values.join("\u0000")) {
      lines.push(
        `enum type "${e.name}" has values ${other.values.map((v) => `'${v}'`).join(", ")}, expected ${e.values.map((v) => `'${v}'`).join(", ")}`,
      );
    }
  }
  for (const e of have.enums) if (!wantEnums.has(e.name)) lines.push(`unexpected enum type "${e.name}"`);
  return lines;
}

function compareTables(want: CatalogTable, have: CatalogTable): string[] {
  const lines: string[] = [];
  const at = `table "${want.name}"`;
  const haveColumns = new Map(have.columns.map((c) => [c.name, c]));
  const wantColumns = new Map(want.columns.map((c) => [c.name, c]));
  for (const c of want.columns) {
    const other = haveColumns.get(c.name);
    if (other === undefined) {
      lines.push(`${at}: missing column "${c.name}" (${describeColumn(c)})`);
      continue;
    }
    if (other.type !== c.type) lines.push(`${at}: column "${c.name}" is ${other.type}, expected ${c.type}`);
    if (other.nullable !== c.nullable)
      lines.push(
        `${at}: column "${c.name}" is ${other.nullable ? "nullable" : "NOT NULL"}, expected ${c.nullable ? "nullable" : "NOT NULL"}`,
      );
    if (other.hasDefault !== c.hasDefault)
      lines.push(
        `${at}: column "${c.name}" ${other.hasDefault ? "has a default, expected none" : "has no default, expected one"}`,
      );
  }
  for (const c of have.columns)
    if (!wantColumns.has(c.name)) lines.push(`${at}: unexpected column "${c.name}" (${describeColumn(c)})`);
  if (want.primaryKey.join("\u0000") !== have.primaryKey.join("\u0000")) {
    lines.push(
      `${at}: primary key is ${have.primaryKey.length === 0 ? "missing" : list(have.primaryKey)}, expected ${want.primaryKey.length === 0 ? "none" : list(want.primaryKey)}`,
    );
  }
  lines.push(...compareLists(at, "unique constraint", want.uniques.map(list), have.uniques.map(list)));
  lines.push(...compareLists(at, "index", want.indexes.map(list), have.indexes.map(list)));
  lines.push(...compareLists(at, "foreign key", want.foreignKeys.map(describeKey), have.foreignKeys.map(describeKey)));
  return lines;
}

/** Multiset difference: a list may hold the same entry twice. */
function compareLists(at: string, what: string, want: readonly string[], have: readonly string[]): string[] {
  const lines: string[] = [];
  const remaining = [...have];
  for (const w of want) {
    const i = remaining.indexOf(w);
    if (i === -1) lines.push(`${at}: missing ${what} ${w}`);
    else remaining.splice(i, 1);
  }
  for (const h of remaining) lines.push(`${at}: unexpected ${what} ${h}`);
  return lines;
}
