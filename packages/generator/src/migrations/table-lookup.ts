import type { ColumnIR, SchemaIR, TableIR } from "@relgen/dsl";

/**
 * Key lists in the IR hold field names; SQL needs the columns. One lookup per
 * schema so every statement resolves names the same way.
 */
export class TableLookup {
  private readonly tables: ReadonlyMap<string, TableIR>;

  constructor(ir: SchemaIR) {
    this.tables = new Map(ir.tables.map((t) => [t.name, t]));
  }

  table(name: string): TableIR {
    const table = this.tables.get(name);
    if (table === undefined) throw new Error(`relgen internal error: the IR has no table "${name}"`);
    return table;
  }

  column(table: TableIR, field: string): ColumnIR {
    const column = table.columns.find((c) => c.name === field);
    if (column === undefined) throw new Error(`relgen internal error: table "${table.name}" has no field "${field}"`);
    return column;
  }

  columns(table: TableIR, fields: readonly string[]): ColumnIR[] {
    return fields.map((f) => this.column(table, f));
  }
}
