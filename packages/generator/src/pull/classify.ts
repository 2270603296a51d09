import type { Catalog, CatalogForeignKey, CatalogTable } from "@relgen/runtime/migrate";

export type TableKind = "entity" | "association";

/**
 * A pure association table links two entities and holds nothing else: its
 * columns are exactly two single-column foreign keys and its primary key is
 * both of them. It becomes a `table` used by `@through`; a link table with
 * payload (or its own id) stays an entity, an association object.
 */
export function classifyTables(catalog: Catalog, notes: string[]): Map<string, TableKind> {
  const kinds = new Map<string, TableKind>();
  for (const table of catalog.tables) {
    if (table.primaryKey.length === 0) {
      notes.push(`table "${table.name}" has no primary key, which every .rel declaration needs: it is not pulled (add a key, then pull again)`);
      continue;
    }
    kinds.set(table.name, isPureAssociation(table) ? "association" : "entity");
  }
  // A link table that points at a table left out, or that another table references, is an entity after all
  // (only entities can be referenced). Demoting one can make another link table point at it: repeat until stable.
  for (let changed = true; changed; ) {
    changed = false;
    for (const table of catalog.tables) {
      if (kinds.get(table.name) !== "association") continue;
      const pointsAway = !table.foreignKeys.every((fk) => kinds.get(fk.targetTable) === "entity");
      const referenced = catalog.tables.some((other) => other.foreignKeys.some((fk) => fk.targetTable === table.name));
      if (pointsAway || referenced) {
        kinds.set(table.name, "entity");
        changed = true;
      }
    }
  }
  return kinds;
}

const singleColumn = (fk: CatalogForeignKey) => fk.columns.length === 1;

function isPureAssociation(table: CatalogTable): boolean {
  if (table.foreignKeys.length !== 2 || !table.foreignKeys.every(singleColumn) || table.columns.length !== 2) return false;
  const keyColumns = table.foreignKeys.map((fk) => fk.columns[0]!);
  if (keyColumns[0] === keyColumns[1]) return false;
  return table.primaryKey.length === 2 && keyColumns.every((c) => table.primaryKey.includes(c));
}
