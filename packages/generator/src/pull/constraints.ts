import type { CatalogForeignKey, CatalogTable } from "@relgen/runtime/migrate";
import { isExpressibleKey, tableDetails, type PullContext } from "./context.js";

export interface TableConstraints {
  readonly uniques: readonly (readonly string[])[];
  /** Without the indexes relgen makes itself for foreign keys. */
  readonly indexes: readonly (readonly string[])[];
  /** The foreign keys `.rel` can declare. */
  readonly keys: readonly CatalogForeignKey[];
}

const EXPRESSION = "<expression>";
/** Two column lists, in order. */
export const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A table's uniques, indexes and foreign keys as `.rel` can declare them; the rest is noted by {@link noteUnexpressed}. */
export function tableConstraints(ctx: PullContext, table: CatalogTable): TableConstraints {
  // The catalog lists a partial index by its columns, among the uniques or the indexes as the index is unique or not:
  // the first entry with the same columns in that same list is that index (a real UNIQUE on the columns stays).
  const unsupported = tableDetails(ctx, table).unsupportedIndexes;
  const withoutUnsupported = (lists: readonly (readonly string[])[], unique: boolean) => {
    const partial = unsupported.filter((p) => p.unique === unique);
    return lists.filter((cols) => {
      if (cols.includes(EXPRESSION)) return false;
      const i = partial.findIndex((p) => sameList(p.columns, cols));
      if (i === -1) return true;
      partial.splice(i, 1);
      return false;
    });
  };
  const uniques = withoutUnsupported(table.uniques, true);
  const declaredIndexes = withoutUnsupported(table.indexes, false);
  const keys = table.foreignKeys.filter((fk) => isExpressibleKey(ctx, fk));
  // relgen indexes a foreign key no key or index starts with; such an index is left for it to make.
  const indexes = declaredIndexes.filter((cols) => {
    if (cols.length !== 1 || !keys.some((fk) => fk.columns[0] === cols[0])) return true;
    const leads = [table.primaryKey, ...uniques, ...declaredIndexes.filter((other) => other !== cols)].map((c) => c[0]);
    return leads.includes(cols[0]);
  });
  return { uniques, indexes, keys };
}

/** Checks, partial or expression indexes and foreign keys the table has and `.rel` cannot say. */
export function noteUnexpressed(ctx: PullContext, table: CatalogTable, consumedChecks: ReadonlySet<string>): void {
  const details = tableDetails(ctx, table);
  const at = `table "${table.name}"`;
  for (const check of details.checks)
    if (!consumedChecks.has(check)) ctx.notes.push(`${at}: check constraint (${check}) is not pulled; .rel has no checks`);
  for (const index of details.unsupportedIndexes)
    ctx.notes.push(`${at}: index "${index.name}" is not pulled (partial or expression indexes have no .rel form): ${index.sql}`);
  for (const fk of table.foreignKeys) {
    if (fk.columns.length > 1)
      ctx.notes.push(`${at}: the foreign key (${fk.columns.join(", ")}) -> "${fk.targetTable}" has several columns; .rel foreign keys have one, so it is not pulled`);
    else if (!ctx.kinds.has(fk.targetTable))
      ctx.notes.push(`${at}: the foreign key (${fk.columns[0]}) -> "${fk.targetTable}" points at a table that is not pulled`);
    else if (!isExpressibleKey(ctx, fk))
      ctx.notes.push(`${at}: the foreign key (${fk.columns[0]}) -> "${fk.targetTable}" (${fk.targetColumns[0]}) is not pulled: its target is neither the primary key nor unique, which @references needs`);
  }
}
