import { describe, expect, test } from "vitest";
import type { ColumnDetails } from "@relgen/runtime/migrate";
import { mapDefault } from "../../src/pull/column-defaults.js";

const column = (dflt: string | null, more: Partial<ColumnDetails> = {}): ColumnDetails => ({
  name: "c",
  default: dflt,
  autoincrement: false,
  expressionDefault: false,
  comment: null,
  ...more,
});

describe("column defaults as each engine prints them, in .rel words", () => {
  test.each([
    ["postgres", "'Pending'::\"OrderStatus\"", "OrderStatus", ["Pending", "Paid"], "Pending"],
    ["postgres", "'{}'::jsonb", "Json", undefined, '"{}"'],
    ["postgres", "'-2.5'::double precision", "Float", undefined, "-2.5"],
    ["postgres", "true", "Boolean", undefined, "true"],
    ["postgres", "now()", "DateTime", undefined, "now()"],
    ["postgres", "CURRENT_DATE", "Date", undefined, "now()"],
    ["postgres", "gen_random_uuid()", "Uuid", undefined, "uuid()"],
    ["postgres", "'it''s'::text", "Text", undefined, '"it\'s"'],
    ["sqlite", "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", "DateTime", undefined, "now()"],
    ["sqlite", "CURRENT_TIMESTAMP", "DateTime", undefined, "now()"],
    ["sqlite", "0", "Boolean", undefined, "false"],
    ["sqlite", "'say \"hi\"'", "Text", undefined, '"say \\"hi\\""'],
    ["mysql", "current_timestamp(3)", "DateTime", undefined, "now()"],
    ["mysql", "uuid()", "Uuid", undefined, "uuid()"],
    ["mysql", "'1'", "Boolean", undefined, "true"],
    ["mysql", "'a\\\\b'", "Text", undefined, '"a\\\\b"'],
    // MySQL 8 prints literal defaults bare; an expression is marked in EXTRA.
    ["mysql", "draft", "PostState", ["draft", "published"], "draft"],
    ["mysql", "hello", "Text", undefined, '"hello"'],
  ] as const)("%s %s on %s → @default(%5$s)", (dialect, text, type, values, expected) => {
    expect(mapDefault(dialect, column(text), type, values).value).toBe(expected);
  });

  test("no default, NULL, and autoincrement", () => {
    expect(mapDefault("postgres", column(null), "Int", undefined)).toEqual({});
    expect(mapDefault("mysql", column("NULL"), "Text", undefined)).toEqual({});
    expect(mapDefault("sqlite", column(null, { autoincrement: true }), "Int", undefined).value).toBe("autoincrement()");
  });

  test("what has no .rel spelling is a note, not a guess", () => {
    expect(mapDefault("postgres", column("nextval('x'::regclass) + 1"), "Int", undefined).note).toMatch(/has no \.rel spelling/);
    expect(mapDefault("mysql", column("(rand())", { expressionDefault: true }), "Float", undefined).note).toMatch(/has no \.rel spelling/);
    expect(mapDefault("postgres", column("'gone'::state"), "state", ["here"]).note).toMatch(/is not one of its enum values/);
  });
});
