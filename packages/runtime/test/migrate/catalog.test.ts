import { describe, expect, it } from "vitest";
import { compareCatalogs, sortCatalog } from "../../src/migrate/catalog.js";
import { normalizeAction, normalizeColumnType } from "../../src/migrate/normalize.js";
import type { Catalog } from "../../src/migrate/format.js";

const catalog = (title: string, extra: Partial<Catalog> = {}): Catalog => ({
  dialect: "postgres",
  tables: [
    {
      name: "post",
      columns: [
        { name: "title", type: title, nullable: false, hasDefault: false },
        { name: "id", type: "integer", nullable: false, hasDefault: true },
      ],
      primaryKey: ["id"],
      uniques: [["title"]],
      indexes: [],
      foreignKeys: [],
    },
  ],
  enums: [{ name: "role", values: ["a", "b"] }],
  ...extra,
});

describe("compareCatalogs", () => {
  it("is empty for the same catalog in any order", () => {
    const a = catalog("character varying(200)");
    const shuffled = { ...a, tables: a.tables.map((t) => ({ ...t, columns: [...t.columns].reverse() })) };
    expect(compareCatalogs(a, shuffled)).toEqual([]);
  });

  it("names each difference with its table and column", () => {
    const expected = catalog("character varying(200)");
    const actual = catalog("character varying(100)", {
      tables: [
        { ...catalog("character varying(100)").tables[0]!, uniques: [], indexes: [["title"]] },
        { name: "tmp", columns: [], primaryKey: [], uniques: [], indexes: [], foreignKeys: [] },
      ],
      enums: [{ name: "role", values: ["a"] }],
    });
    expect(compareCatalogs(expected, actual)).toEqual([
      'table "post": column "title" is character varying(100), expected character varying(200)',
      'table "post": missing unique constraint ("title")',
      'table "post": unexpected index ("title")',
      'unexpected table "tmp"',
      "enum type \"role\" has values 'a', expected 'a', 'b'",
    ]);
  });

  it("sortCatalog orders tables, columns and key lists by code point", () => {
    const sorted = sortCatalog({
      ...catalog("text"),
      tables: [
        { ...catalog("text").tables[0]!, name: "b" },
        { ...catalog("text").tables[0]!, name: "B" },
      ],
    });
    expect(sorted.tables.map((t) => t.name)).toEqual(["B", "b"]);
    expect(sorted.tables[0]!.columns.map((c) => c.name)).toEqual(["id", "title"]);
  });
});

describe("normalizeColumnType", () => {
  it("spells PostgreSQL types as format_type does", () => {
    expect(normalizeColumnType("postgres", "varchar(200)")).toBe("character varying(200)");
    expect(normalizeColumnType("postgres", "timestamptz")).toBe("timestamp with time zone");
    expect(normalizeColumnType("postgres", "timestamptz(3)")).toBe("timestamp(3) with time zone");
    expect(normalizeColumnType("postgres", "numeric(10, 2)")).toBe("numeric(10,2)");
    expect(normalizeColumnType("postgres", '"OrderStatus"')).toBe("OrderStatus");
  });

  it("spells MySQL types as MySQL 8 and MariaDB both read back", () => {
    expect(normalizeColumnType("mysql", "int(11)")).toBe("int");
    expect(normalizeColumnType("mysql", "INT")).toBe("int");
    expect(normalizeColumnType("mysql", "bigint(20) unsigned")).toBe("bigint unsigned");
    expect(normalizeColumnType("mysql", "TINYINT(1)")).toBe("tinyint(1)");
    expect(normalizeColumnType("mysql", "longtext")).toBe("json");
    expect(normalizeColumnType("mysql", "JSON")).toBe("json");
    expect(normalizeColumnType("mysql", "DECIMAL")).toBe("decimal(10,0)");
    expect(normalizeColumnType("mysql", "ENUM('a', 'it''s')")).toBe(normalizeColumnType("mysql", "enum('a','it\\'s')"));
  });

  it("keeps SQLite's declared type, upper-cased", () => {
    expect(normalizeColumnType("sqlite", "varchar(50)")).toBe("VARCHAR(50)");
  });
});

describe("normalizeAction", () => {
  it("reads RESTRICT as NO ACTION on MySQL only, and no action given as no-action", () => {
    expect(normalizeAction("mysql", "RESTRICT")).toBe("no-action");
    expect(normalizeAction("postgres", "restrict")).toBe("restrict");
    expect(normalizeAction("sqlite", "SET NULL")).toBe("set-null");
    expect(normalizeAction("postgres", undefined)).toBe("no-action");
  });
});
