import type { EntityIR, RelationIR, SchemaIR, TableIR } from "@relgen/dsl";

/**
 * What a model file may read besides its own entity. Everything else of the
 * schema is out of its reach, so `--watch` can record these reads and reuse
 * the file while their answers stay the same (reuse/model-reads.ts).
 */
export interface ModelContext {
  readonly sourceName: string;
  /** Entity and enum names: generated code must not shadow them with imports. */
  readonly schemaNames: NameSet;
  /**
   * Relations of every entity (this one included) that point at `name`. Views
   * ask this once per entity, so scanning the whole schema each time would make
   * generation quadratic (10,000 entities: minutes).
   */
  incoming(name: string): readonly IncomingRelation[];
}

export interface NameSet {
  has(name: string): boolean;
}

/** What every view gets: the IR plus lookups built once. */
export interface ViewContext extends ModelContext {
  readonly ir: SchemaIR;
  readonly schemaNames: ReadonlySet<string>;
  entity(name: string): EntityIR | undefined;
  table(name: string): TableIR | undefined;
}

export interface IncomingRelation {
  readonly owner: EntityIR;
  readonly relation: RelationIR;
}

export function createViewContext(ir: SchemaIR, sourceName: string): ViewContext {
  const entities = new Map(ir.entities.map((e) => [e.name, e]));
  const tables = new Map(ir.tables.map((t) => [t.name, t]));
  const incoming = new Map<string, IncomingRelation[]>();
  for (const owner of ir.entities) {
    for (const relation of owner.relations) {
      let list = incoming.get(relation.target);
      if (list === undefined) incoming.set(relation.target, (list = []));
      list.push({ owner, relation });
    }
  }
  return {
    ir,
    sourceName,
    schemaNames: new Set([...ir.entities.map((e) => e.name), ...ir.enums.map((e) => e.name)]),
    entity: (name) => entities.get(name),
    table: (name) => tables.get(name),
    incoming: (name) => incoming.get(name) ?? [],
  };
}

/** The default header source: the entry file's base name, never a directory (output must not depend on where it runs). */
export function defaultSourceName(ir: SchemaIR): string {
  const entry = ir.files[0];
  if (entry === undefined) return "schema.rel";
  return entry.split(/[\\/]/).pop() || "schema.rel";
}
