import type { EntityIR, SchemaIR, TableIR } from "@relgen/dsl";

/** What every view gets: the IR plus lookups built once. */
export interface ViewContext {
  readonly ir: SchemaIR;
  readonly sourceName: string;
  /** Entity and enum names: generated code must not shadow them with imports. */
  readonly schemaNames: ReadonlySet<string>;
  entity(name: string): EntityIR | undefined;
  table(name: string): TableIR | undefined;
}

export function createViewContext(ir: SchemaIR, sourceName: string): ViewContext {
  const entities = new Map(ir.entities.map((e) => [e.name, e]));
  const tables = new Map(ir.tables.map((t) => [t.name, t]));
  return {
    ir,
    sourceName,
    schemaNames: new Set([...ir.entities.map((e) => e.name), ...ir.enums.map((e) => e.name)]),
    entity: (name) => entities.get(name),
    table: (name) => tables.get(name),
  };
}

/** The default header source: the entry file's base name, never a directory (output must not depend on where it runs). */
export function defaultSourceName(ir: SchemaIR): string {
  const entry = ir.files[0];
  if (entry === undefined) return "schema.rel";
  return entry.split(/[\\/]/).pop() || "schema.rel";
}
