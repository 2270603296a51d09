import { describe, expect, test } from "vitest";
import { parseSource } from "../../src/syntax/parse.js";
import { resolveSchema } from "../../src/resolve/resolve.js";
import { SPEC_EXAMPLE } from "../syntax/example.js";
import { compile, compileOk, entity, expectDeepFrozen, relation, table } from "./helpers.js";

const SPEC = SPEC_EXAMPLE;

describe("the spec's complete example", () => {
  const ir = compileOk(SPEC);

  test("compiles without any diagnostic", () => {
    expect(compile(SPEC).diagnostics).toEqual([]);
  });

  test("entities in declaration order, tables in foreign-key order", () => {
    expect(ir.entities.map((e) => e.name)).toEqual(["User", "Profile", "Post", "Group"]);
    expect(ir.tables.map((t) => t.name)).toEqual(["users", "profile", "post", "group", "user_groups"]);
    expect(ir.enums).toMatchObject([{ name: "Status", values: ["Scheduled", "Completed", "Cancelled"] }]);
    expect(ir.files).toEqual(["schema.rel"]);
  });

  test("columns: types, nullability, keys, defaults, docs", () => {
    const user = entity(ir, "User");
    expect(user.tableName).toBe("users");
    expect(user.doc).toBe("A person who writes posts.");
    expect(user.primaryKey).toEqual(["id"]);
    expect(user.columns.map((c) => c.name)).toEqual(["id", "username", "email", "bio", "createdAt"]);
    const [id, username, , bio, createdAt] = user.columns;
    expect(id).toMatchObject({ columnName: "id", type: { kind: "Int" }, primaryKey: true, autoincrement: true, nullable: false });
    expect(username).toMatchObject({ type: { kind: "String", length: 80 }, unique: true, primaryKey: false });
    expect(bio).toMatchObject({ type: { kind: "Text" }, nullable: true });
    expect(createdAt?.default).toEqual({ kind: "now" });
    // an entity's columns are the very objects of its table
    expect(table(ir, "users").columns[0]).toBe(id);
  });

  test("constraint names follow PostgreSQL conventions", () => {
    const users = table(ir, "users");
    expect(users.primaryKeyName).toBe("users_pkey");
    expect(users.uniques).toEqual([
      { name: "users_username_key", columns: ["username"] },
      { name: "users_email_key", columns: ["email"] },
    ]);
    expect(table(ir, "profile").foreignKeys).toMatchObject([
      { name: "profile_userId_fkey", columns: ["userId"], targetTable: "users", targetEntity: "User", targetColumns: ["id"], onDelete: "cascade", deferred: false },
    ]);
    expect(table(ir, "post").indexes).toEqual([{ name: "post_userId_idx", columns: ["userId"], origin: "declared" }]);
  });

  test("foreign-key indexes only where no index, unique or key starts with the column", () => {
    const assoc = table(ir, "user_groups");
    expect(assoc.entity).toBeUndefined();
    expect(assoc.doc).toBe("Plain association table: no class, only rows linking users and groups.");
    expect(assoc.primaryKey).toEqual(["userId", "groupId"]);
    expect(assoc.foreignKeys.map((f) => [f.name, f.targetTable, f.targetEntity])).toEqual([
      ["user_groups_userId_fkey", "users", "User"],
      ["user_groups_groupId_fkey", "group", "Group"],
    ]);
    expect(assoc.indexes).toEqual([{ name: "user_groups_groupId_idx", columns: ["groupId"], origin: "foreign-key" }]);
    // profile.userId is unique, post.userId has @index: neither gets an extra index
    expect(table(ir, "profile").indexes).toEqual([]);
  });

  test("User.posts: one-to-many with backref, cascade expanded, ordered", () => {
    expect(relation(ir, "User", "posts")).toMatchObject({
      kind: "one-to-many", target: "Post", cardinality: "many", foreignKeySide: "target",
      localColumns: ["id"], remoteColumns: ["userId"], foreignKey: "post_userId_fkey",
      inverse: "author", fromBackref: false, lazy: "select",
      cascade: ["save-update", "merge", "delete", "delete-orphan", "refresh-expire", "expunge"],
      orderBy: [{ field: "createdAt", direction: "desc" }], viewOnly: false, selfReferential: false,
    });
  });

  test("Post.author is created by the backref: many-to-one, NOT NULL key → exactly one", () => {
    const author = relation(ir, "Post", "author");
    expect(author).toMatchObject({
      kind: "many-to-one", target: "User", cardinality: "one", foreignKeySide: "self",
      localColumns: ["userId"], remoteColumns: ["id"], foreignKey: "post_userId_fkey",
      inverse: "posts", fromBackref: true, lazy: "select", cascade: ["save-update", "merge"], orderBy: [],
    });
    // the backref points at its @backref attribute
    expect(author.span.line).toBe(11);
  });

  test("User.profile ↔ Profile.user: one-to-one paired with @inverse both ways", () => {
    expect(relation(ir, "User", "profile")).toMatchObject({
      kind: "one-to-one", cardinality: "optional", foreignKeySide: "target",
      localColumns: ["id"], remoteColumns: ["userId"], inverse: "user", fromBackref: false,
    });
    expect(relation(ir, "Profile", "user")).toMatchObject({
      kind: "one-to-one", cardinality: "one", foreignKeySide: "self",
      localColumns: ["userId"], remoteColumns: ["id"], inverse: "profile", foreignKey: "profile_userId_fkey",
    });
  });

  test("User.groups ↔ Group.members: many-to-many through user_groups, sides swapped", () => {
    expect(relation(ir, "User", "groups")).toMatchObject({
      kind: "many-to-many", foreignKeySide: "through", localColumns: ["id"], remoteColumns: ["id"], inverse: "members",
      through: { table: "user_groups", sourceColumns: ["userId"], sourceReferences: ["id"], targetColumns: ["groupId"], targetReferences: ["id"] },
      viewOnly: false,
    });
    expect(relation(ir, "User", "groups").through?.entity).toBeUndefined();
    expect(relation(ir, "User", "groups").foreignKey).toBeUndefined();
    expect(relation(ir, "Group", "members")).toMatchObject({
      kind: "many-to-many", lazy: "dynamic", fromBackref: true, inverse: "groups",
      through: { table: "user_groups", sourceColumns: ["groupId"], targetColumns: ["userId"] },
    });
  });

  test("relations: declared in source order, then backrefs", () => {
    expect(entity(ir, "User").relations.map((r) => r.name)).toEqual(["posts", "profile", "groups"]);
    expect(entity(ir, "Post").relations.map((r) => r.name)).toEqual(["author"]);
  });

  test("the IR is deeply frozen", () => {
    expectDeepFrozen(ir);
    expect(() => (ir.entities as unknown[]).push(1)).toThrow();
  });

  test("resolving leaves the AST untouched (not frozen)", () => {
    const { ast } = parseSource(SPEC, "schema.rel");
    const before = JSON.stringify(ast);
    const result = resolveSchema([ast]);
    expect(result.ir).toBeDefined();
    expect(JSON.stringify(ast)).toBe(before);
    expect(Object.isFrozen(ast.declarations[0]!.span)).toBe(false);
    expect(Object.isFrozen(ast.declarations[0]!)).toBe(false);
  });

  test("compiling twice gives the same IR", () => {
    expect(JSON.stringify(compileOk(SPEC))).toBe(JSON.stringify(ir));
  });
});
