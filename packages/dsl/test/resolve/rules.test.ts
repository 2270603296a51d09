import { describe, expect, test } from "vitest";
import { compile, compileOk, diagnosticsOf, ID, locate, table } from "./helpers.js";

describe("table order and foreign-key cycles", () => {
  test("referenced tables first, ties by declaration order", () => {
    const ir = compileOk(`
      entity C { ${ID}
        bId Int @references(B) }
      entity A { ${ID} }
      entity B { ${ID}
        aId Int @references(A) }
      entity D { ${ID} }`);
    expect(ir.tables.map((t) => t.name)).toEqual(["a", "b", "c", "d"]);
    expect(ir.entities.map((e) => e.name)).toEqual(["C", "A", "B", "D"]);
  });

  test("a cycle is broken by deferring the nullable key of the later-declared table", () => {
    const ir = compileOk(`
      entity Department { ${ID}
        headId Int? @references(Employee) }
      entity Employee { ${ID}
        departmentId Int? @references(Department) }`);
    expect(table(ir, "employee").foreignKeys[0]?.deferred).toBe(true);
    expect(table(ir, "department").foreignKeys[0]?.deferred).toBe(false);
    // with employee → department deferred, employee depends on nothing that is created later
    expect(ir.tables.map((t) => t.name)).toEqual(["employee", "department"]);
  });

  test("only the nullable key of a cycle can be deferred", () => {
    const ir = compileOk(`
      entity Team { ${ID}
        captainId Int? @references(Player) }
      entity Player { ${ID}
        teamId Int @references(Team) }`);
    expect(table(ir, "team").foreignKeys[0]?.deferred).toBe(true);
    expect(table(ir, "player").foreignKeys[0]?.deferred).toBe(false);
    expect(ir.tables.map((t) => t.name)).toEqual(["team", "player"]);
  });

  test("a three-table cycle defers one key and orders the rest", () => {
    const ir = compileOk(`
      entity A { ${ID}
        bId Int @references(B) }
      entity B { ${ID}
        cId Int @references(C) }
      entity C { ${ID}
        aId Int? @references(A) }`);
    expect(ir.tables.flatMap((t) => t.foreignKeys.filter((f) => f.deferred).map((f) => f.name))).toEqual(["c_aId_fkey"]);
    expect(ir.tables.map((t) => t.name)).toEqual(["c", "b", "a"]);
  });

  test("self-references never reorder and are not deferred", () => {
    const ir = compileOk(`
      entity Node { ${ID}
        parentId Int? @references(Node)
        ownerId Int @references(Owner) }
      entity Owner { ${ID} }`);
    expect(ir.tables.map((t) => t.name)).toEqual(["owner", "node"]);
    expect(table(ir, "node").foreignKeys.every((f) => !f.deferred)).toBe(true);
  });

  test("E0801: a cycle of NOT NULL keys names the cycle", () => {
    const src = `
      entity A { ${ID}
        bId Int @references(B) }
      entity B { ${ID}
        aId Int @references(A) }`;
    const [d] = diagnosticsOf(compile(src), "E0801");
    expect(d!.span).toMatchObject(locate(src, "bId Int"));
    expect(d!.message).toContain("`a` → `b` → `a`");
    expect(d!.message).toContain("A.bId, B.aId");
    expect(d!.help).toContain("nullable");
  });

  test("E0802: a NOT NULL self-reference", () => {
    const src = `entity Node { ${ID}
      parentId Int @references(Node) }`;
    const [d] = diagnosticsOf(compile(src), "E0802");
    expect(d!.span).toMatchObject(locate(src, "parentId"));
    expect(d!.help).toBe("make it nullable: `Int?`");
  });
});
