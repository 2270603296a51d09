import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderJsonRecords } from "../src/migrate/json-layout.js";

describe("renderJsonRecords", () => {
  it("puts each record of a list on its own line, and a record with no list of records on one line", () => {
    const value = {
      dialect: "sqlite",
      tables: [
        { name: "users", columns: [{ name: "id", type: { kind: "Int" }, nullable: false }], primaryKey: ["id"], uniques: [["email"], ["a", "b"]], indexes: [] },
      ],
      enums: [],
    };
    expect(renderJsonRecords(value)).toBe(
      [
        "{",
        '  "dialect": "sqlite",',
        '  "tables": [',
        "    {",
        '      "name": "users",',
        '      "columns": [',
        '        { "name": "id", "type": { "kind": "Int" }, "nullable": false }',
        "      ],",
        '      "primaryKey": ["id"],',
        '      "uniques": [',
        '        ["email"],',
        '        ["a", "b"]',
        "      ],",
        '      "indexes": []',
        "    }",
        "  ],",
        '  "enums": []',
        "}",
        "",
      ].join("\n"),
    );
  });

  it("is JSON that parses to what JSON.stringify would give, for any value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = renderJsonRecords(value);
        expect(text.endsWith("\n")).toBe(true);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it("leaves out undefined fields like JSON.stringify", () => {
    expect(renderJsonRecords({ a: 1, b: undefined, c: [{ d: undefined, e: 2 }] })).toBe('{\n  "a": 1,\n  "c": [\n    { "e": 2 }\n  ]\n}\n');
  });
});
