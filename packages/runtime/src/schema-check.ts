import { RelgenError } from "./errors/relgen-error.js";
import type { ColumnMeta, SchemaMeta } from "./schema-meta.js";

/** A `schema.ts` whose data contradicts itself: stale or edited by hand. */
export function schemaError(where: string, what: string): RelgenError {
  return new RelgenError(`schema.ts: ${where}: ${what}. The file is stale or was edited; regenerate it with \`relgen build\`.`);
}

/**
 * The references the runtime follows without checking: every key, join and
 * foreign-key column names a column that exists, every enum column an enum.
 * One pass over the metadata, so a broken file fails at import, by name,
 * instead of deep inside a flush.
 */
export function checkSchema(meta: SchemaMeta): void {
  for (const e of Object.values(meta.entities)) {
    const where = `entity "${e.name}"`;
    checkColumns(meta, e.columns, where);
    checkFields(e.columns, e.primaryKey, `${where}, primaryKey`);
    for (const r of Object.values(e.relations)) {
      const at = `${where}, relation "${r.name}"`;
      const target = meta.entities[r.target]!;
      checkFields(e.columns, r.localColumns, `${at}, localColumns`);
      checkFields(target.columns, r.remoteColumns, `${at}, remoteColumns`);
      if (r.localColumns.length !== r.remoteColumns.length) throw schemaError(at, "localColumns and remoteColumns differ in length");
      const through = r.through?.entity;
      if (through !== undefined && !Object.hasOwn(meta.entities, through)) throw schemaError(at, `its through entity "${through}" is not an entity`);
    }
  }
  for (const t of meta.tables) {
    const where = `table "${t.name}"`;
    if (t.entity === undefined) checkColumns(meta, t.columns, where);
    checkFields(t.columns, t.primaryKey, `${where}, primaryKey`);
    for (const fk of t.foreignKeys) {
      checkFields(t.columns, fk.columns, `${where}, foreign key "${fk.name}"`);
      const target = fk.targetEntity !== undefined && Object.hasOwn(meta.entities, fk.targetEntity) ? meta.entities[fk.targetEntity] : undefined;
      if (target) checkFields(target.columns, fk.targetColumns, `${where}, foreign key "${fk.name}", targetColumns`);
    }
  }
}

function checkColumns(meta: SchemaMeta, columns: readonly ColumnMeta[], where: string): void {
  for (const c of columns) {
    const name = c.type.enum;
    if (c.type.kind === "Enum" && (name === undefined || !Object.hasOwn(meta.enums, name))) {
      throw schemaError(`${where}, column "${c.name}"`, `its enum "${name ?? ""}" is not an enum of the schema`);
    }
  }
}

function checkFields(columns: readonly ColumnMeta[], fields: readonly string[], where: string): void {
  for (const f of fields) {
    if (!columns.some((c) => c.name === f)) throw schemaError(where, `"${f}" is not a column`);
  }
}
