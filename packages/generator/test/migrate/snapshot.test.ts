import { describe, expect, it } from "vitest";
import { parseSnapshot, renderSnapshot, SnapshotError, snapshotOf } from "../../src/migrate/index.js";
import type { SchemaSnapshot } from "../../src/migrate/index.js";
import { kitchenIR } from "../support/kitchen-ir.js";
import { BASE } from "./cases.js";
import { compile, withRenames } from "./support.js";

describe("snapshotOf / renderSnapshot", () => {
  it("keeps only the database-facing part of the IR", () => {
    const ir = withRenames(compile(`/// Documented.\n${BASE}`), { columns: { users: { name: "old" } } });
    const text = renderSnapshot(snapshotOf(ir));
    for (const key of ['"span"', '"doc"', '"renamedFrom"', '"tsType"', '"relations"', '"entities"', '"files"']) {
      expect(text).not.toContain(key);
    }
    expect(JSON.parse(text).tables.map((t: { name: string }) => t.name)).toEqual(ir.tables.map((t) => t.name));
  });

  it("is stable: one column, key or enum a line, a final newline, the same bytes whatever object it starts from", () => {
    const ir = kitchenIR();
    const text = renderSnapshot(snapshotOf(ir));
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe('  "relgenSnapshot": 1,');
    const columns = ir.tables.reduce((n, t) => n + t.columns.length, 0);
    expect(text.split("\n").filter((l) => / \{ "name": "\w+", "columnName": .* \},?$/.test(l)).length).toBe(columns);
    // The contract's shortcut (the IR's own tables) renders to the same bytes.
    const shortcut: SchemaSnapshot = { relgenSnapshot: 1, tables: ir.tables, enums: ir.enums };
    expect(renderSnapshot(shortcut)).toBe(text);
  });

  it("reads a snapshot an earlier relgen wrote (two-space JSON, a value a line) as the same snapshot", () => {
    const snapshot = snapshotOf(kitchenIR());
    const earlier = `${JSON.stringify(snapshot, null, 2)}\n`;
    const parsed = parseSnapshot(earlier, "snapshots/0001_init.json");
    expect(parsed).toEqual(snapshot);
    expect(renderSnapshot(parsed)).toBe(renderSnapshot(snapshot));
  });

  it("parses back to what was rendered", () => {
    const snapshot = snapshotOf(kitchenIR());
    const text = renderSnapshot(snapshot);
    const parsed = parseSnapshot(text, "snapshots/0001_init.json");
    expect(parsed).toEqual(snapshot);
    expect(renderSnapshot(parsed)).toBe(text);
  });
});

describe("parseSnapshot refuses a damaged file, naming the file and the field", () => {
  const good = JSON.parse(renderSnapshot(snapshotOf(compile(BASE))));
  const damaged = (edit: (s: any) => void) => {
    const copy = structuredClone(good);
    edit(copy);
    return JSON.stringify(copy);
  };
  it.each([
    ["not JSON", "{ nope", /not valid JSON/],
    ["another format version", damaged((s) => (s.relgenSnapshot = 2)), /relgenSnapshot must be 1/],
    ["a column without a type", damaged((s) => delete s.tables[0].columns[0].type), /tables\[0\]\.columns\[0\]\.type must be an object/],
    ["an unknown type kind", damaged((s) => (s.tables[0].columns[1].type.kind = "Strin")), /tables\[0\]\.columns\[1\]\.type\.kind must be one of/],
    ["a key naming a missing field", damaged((s) => (s.tables[0].primaryKey = ["nope"])), /tables\[0\]\.primaryKey names "nope"/],
    ["a foreign key to a missing table", damaged((s) => (s.tables[1].foreignKeys[0].targetTable = "gone")), /targetTable names "gone"/],
    ["an enum default without its value", damaged((s) => delete s.tables[1].columns[2].default.value), /columns\[2\]\.default\.value must be a non-empty string/],
    ["an unknown ON DELETE action", damaged((s) => (s.tables[1].foreignKeys[0].onDelete = "explode")), /onDelete must be one of/],
  ])("%s", (_what, text, reason) => {
    let error: unknown;
    try {
      parseSnapshot(text, "migrations/snapshots/0002_x.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as SnapshotError).path).toBe("migrations/snapshots/0002_x.json");
    expect((error as SnapshotError).reason).toMatch(reason);
    expect((error as SnapshotError).message).toContain("migrations/snapshots/0002_x.json");
  });
});
