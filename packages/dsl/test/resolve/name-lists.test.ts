import { describe, expect, test } from "vitest";
import { compileSource } from "@relgen/dsl";
import { NameLists } from "../../src/resolve/name-lists.js";

describe("the IR's lists of names", () => {
  test("equal lists are one array, others are not", () => {
    const lists = new NameLists();
    const id = lists.of(["id"]);
    expect(lists.of(["id"])).toBe(id);
    expect(lists.of(["a", "b"])).toBe(lists.of(["a", "b"]));
    expect(lists.of(["ab"])).not.toBe(lists.of(["a", "b"]));
    expect(lists.of([""])).toEqual([""]);
    expect(lists.of([])).toEqual([]);
  });

  test("a list is a copy: later changes to the array given do not reach it", () => {
    const given = ["a"];
    const list = new NameLists().of(given);
    given.push("b");
    expect(list).toEqual(["a"]);
  });

  test("the IR shares them, frozen", () => {
    const { ir } = compileSource(
      "entity A {\n  id Int @id\n}\nentity B {\n  id Int @id\n  aId Int @references(A.id)\n}\nentity C {\n  id Int @id\n  aId Int @references(A.id)\n}\n",
    );
    const [b, c] = ["b", "c"].map((name) => ir!.tables.find((t) => t.name === name)!);
    expect(b!.primaryKey).toBe(c!.primaryKey);
    expect(b!.foreignKeys[0]!.targetColumns).toBe(c!.foreignKeys[0]!.targetColumns);
    expect(b!.foreignKeys[0]!.targetColumns).toBe(b!.primaryKey);
    expect(Object.isFrozen(b!.primaryKey)).toBe(true);
  });
});
