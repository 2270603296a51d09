import { describe, expect, it } from "vitest";
import { expectedCatalog, renderCatalog, renderExpectedCatalog } from "../src/migrate/expected-catalog.js";
import type { SchemaSnapshot } from "../src/migrate/snapshot-types.js";
import { kitchenIR } from "./support/kitchen-ir.js";

const snapshot = (): SchemaSnapshot => {
  const ir = kitchenIR();
  return { relgenSnapshot: 1, tables: ir.tables, enums: ir.enums };
};
const table = (dialect: "sqlite" | "postgres" | "mysql", name: string) => {
  const t = expectedCatalog(snapshot(), dialect).tables.find((t) => t.name === name);
  if (t === undefined) throw new Error(`no table ${name}`);
  return t;
};
const column = (dialect: "sqlite" | "postgres" | "mysql", tableName: string, name: string) =>
  table(dialect, tableName).columns.find((c) => c.name === name);

describe("expectedCatalog", () => {
  it("spells each type as introspection reads it back, per engine", () => {
    expect(column("postgres", "everything", "code")?.type).toBe("character varying(12)");
    expect(column("postgres", "everything", "at")?.type).toBe("timestamp with time zone");
    expect(column("postgres", "everything", "status")?.type).toBe("Status");
    expect(column("mysql", "everything", "status")?.type).toBe("enum('Scheduled','Completed','Cancelled')");
    expect(column("mysql", "everything", "count")?.type).toBe("int");
    expect(column("mysql", "everything", "data")?.type).toBe("json");
    expect(column("sqlite", "everything", "flag")?.type).toBe("INTEGER");
  });

  it("uses database column names, also in keys", () => {
    expect(column("postgres", "everything", "display_name")).toMatchObject({ nullable: true, hasDefault: false });
    expect(column("postgres", "everything", "displayName")).toBeUndefined();
    expect(table("postgres", "membership").primaryKey).toEqual(["personId", "clubId"]);
  });

  it("counts autoincrement as a default and DEFAULT NULL as none", () => {
    expect(column("postgres", "person", "id")).toMatchObject({ hasDefault: true, nullable: false });
    expect(column("postgres", "everything", "note")).toMatchObject({ hasDefault: false, nullable: true });
    expect(column("postgres", "everything", "settings")).toMatchObject({ hasDefault: true });
  });

  it("lists enum types on PostgreSQL only, and reads RESTRICT as NO ACTION on MySQL", () => {
    expect(expectedCatalog(snapshot(), "postgres").enums).toEqual([
      { name: "Status", values: ["Scheduled", "Completed", "Cancelled"] },
    ]);
    expect(expectedCatalog(snapshot(), "mysql").enums).toEqual([]);
    expect(table("postgres", "club").foreignKeys).toEqual([
      { columns: ["ownerId"], targetTable: "person", targetColumns: ["id"], onDelete: "restrict", onUpdate: "cascade" },
    ]);
    expect(table("mysql", "club").foreignKeys[0]?.onDelete).toBe("no-action");
  });

  it("renders sorted JSON, one column or key a line, with one trailing newline, the same every time", () => {
    const catalog = expectedCatalog(snapshot(), "postgres");
    const text = renderCatalog(catalog);
    expect(text).toBe(renderCatalog(expectedCatalog(snapshot(), "postgres")));
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe('  "dialect": "postgres",');
    expect(JSON.parse(text)).toEqual(catalog);
    const columns = catalog.tables.reduce((n, t) => n + t.columns.length, 0);
    expect(text.split("\n").filter((l) => l.startsWith('        { "name": ')).length).toBe(columns);
    const names = (JSON.parse(text) as { tables: { name: string }[] }).tables.map((t) => t.name);
    expect(names).toEqual([...names].sort());
    // The IR's table order does not leak into the file.
    const reversed = { ...snapshot(), tables: [...snapshot().tables].reverse() };
    expect(renderCatalog(expectedCatalog(reversed, "postgres"))).toBe(text);
    // The build's shortcut relies on expectedCatalog giving the catalog sorted already.
    expect(renderExpectedCatalog(reversed, "postgres")).toBe(text);
  });
});
