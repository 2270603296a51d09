import { describe, expect, it } from "vitest";
import { createViewContext } from "../src/views/context.js";
import { schemaMeta } from "../src/views/schema-view.js";
import { tsLiteral } from "../src/views/ts-literal.js";
import { blogIR } from "./support/blog-ir.js";
import { kitchenIR } from "./support/kitchen-ir.js";

type Meta = {
  entities: Record<
    string,
    { table: string; columns: Array<Record<string, unknown>>; relations: Record<string, Record<string, unknown>> }
  >;
  tables: Array<{ name: string; entity?: string; foreignKeys: Array<Record<string, unknown>> }>;
  enums: Record<string, { values: string[] }>;
};

const meta = (ir = blogIR()) => schemaMeta(createViewContext(ir, "schema.rel")) as unknown as Meta;

describe("schema metadata", () => {
  it("keys entities and enums by name, in declaration order", () => {
    const m = meta();
    expect(Object.keys(m.entities)).toEqual(["User", "Profile", "Post", "Group"]);
    expect(m.entities.User?.table).toBe("users");
    expect(m.enums.Status?.values).toEqual(["Scheduled", "Completed", "Cancelled"]);
  });

  it("keeps tables in IR (creation) order, association tables included", () => {
    expect(meta().tables.map((t) => [t.name, t.entity])).toEqual([
      ["users", "User"],
      ["profile", "Profile"],
      ["post", "Post"],
      ["group", "Group"],
      ["user_groups", undefined],
    ]);
  });

  it("drops spans and docs and leaves absent options out", () => {
    const text = JSON.stringify(meta(kitchenIR()));
    expect(text).not.toContain("span");
    expect(text).not.toContain("doc");
    expect(text).not.toContain("Free text");
    const body = meta(kitchenIR()).entities.Everything?.columns.find((c) => c.name === "body");
    expect(body).toEqual({
      name: "body",
      column: "body",
      type: { kind: "Text" },
      nullable: true,
      primaryKey: false,
      autoincrement: false,
      unique: true,
    });
  });

  it("records column names, defaults and relation details", () => {
    const m = meta(kitchenIR());
    const display = m.entities.Everything?.columns.find((c) => c.name === "displayName");
    expect(display?.column).toBe("display_name");
    expect(m.entities.Everything?.columns.find((c) => c.name === "note")?.default).toEqual({
      kind: "literal",
      value: null,
    });
    const clubs = m.entities.Person?.relations.clubs;
    expect(clubs).toMatchObject({
      kind: "many-to-many",
      viewOnly: true,
      through: { table: "membership", entity: "Membership" },
    });
    const person = m.tables.find((t) => t.name === "person");
    expect(person?.foreignKeys[0]).toMatchObject({
      name: "person_favoriteClubId_fkey",
      deferred: true,
      onDelete: "set-null",
    });
  });
});

describe("tsLiteral", () => {
  it("prints plain data as TypeScript, skipping undefined", () => {
    expect(tsLiteral({ a: 1, b: 'x"y', c: [true, null], d: undefined, "e-f": -2.5 })).toBe(
      `{ a: 1, b: 'x"y', c: [true, null], "e-f": -2.5 }`,
    );
  });

  it("never lets a __proto__ key set the prototype", () => {
    const printed = tsLiteral(Object.fromEntries([["__proto__", { x: 1 }]]));
    expect(printed).toBe('{ ["__proto__"]: { x: 1 } }');
    const value = new Function(`return ${printed}`)() as object;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });
});
