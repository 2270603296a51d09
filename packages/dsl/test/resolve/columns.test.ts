import { expect, test } from "vitest";
import { compileOk, entity, ID, table } from "./helpers.js";

test("composite keys, composite uniques and defaults of every kind", () => {
  const ir = compileOk(`
    entity Membership {
      @@id([clubId, studentId])
      @@unique([studentId, role])
      studentId Int @references(Student)
      clubId    Int @references(Club)
      role      Role @default(Member)
      fee       Decimal(8, 2) @default(12.50)
      active    Boolean @default(true)
      note      Json @default("{}")
      token     Uuid @default(uuid())
      joinedOn  Date @default(now())
      leftOn    DateTime? @default(null)
      ratio     Float?
    }
    entity Student { ${ID} }
    entity Club { ${ID} }
    enum Role { Member Officer }`);
  const t = table(ir, "membership");
  expect(t.primaryKey).toEqual(["clubId", "studentId"]);
  expect(t.primaryKeyName).toBe("membership_pkey");
  expect(t.uniques).toEqual([{ name: "membership_studentId_role_key", columns: ["studentId", "role"] }]);
  // clubId leads the key and studentId leads a unique: no extra foreign-key index
  expect(t.indexes).toEqual([]);
  const col = (n: string) => t.columns.find((c) => c.name === n)!;
  expect(col("role").default).toEqual({ kind: "enum", value: "Member" });
  expect(col("fee")).toMatchObject({ type: { kind: "Decimal", precision: 8, scale: 2 }, default: { kind: "literal", value: 12.5, raw: "12.50" } });
  expect(col("active").default).toEqual({ kind: "literal", value: true });
  expect(col("note").default).toEqual({ kind: "literal", value: "{}" });
  expect(col("token").default).toEqual({ kind: "uuid" });
  expect(col("joinedOn").default).toEqual({ kind: "now" });
  expect(col("leftOn")).toMatchObject({ nullable: true, default: { kind: "literal", value: null } });
  expect(col("clubId")).toMatchObject({ primaryKey: true, autoincrement: false, unique: false });
  expect(ir.tables.map((x) => x.name)).toEqual(["student", "club", "membership"]);
});

test("@type gives a Json column its TypeScript type, imported or inline", () => {
  const ir = compileOk(`entity User {
  id    Int @id
  prefs Json @type("Preferences", from: "./types.js")
  tags  Json? @type(" string[] ")
  raw   Json
}`);
  const cols = Object.fromEntries(entity(ir, "User").columns.map((c) => [c.name, c.type]));
  expect(cols.prefs).toEqual({ kind: "Json", tsType: { name: "Preferences", from: "./types.js" } });
  expect(cols.tags).toEqual({ kind: "Json", tsType: { name: "string[]" } });
  expect(cols.raw).toEqual({ kind: "Json" });
});
