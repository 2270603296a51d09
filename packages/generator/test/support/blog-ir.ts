import type { SchemaIR } from "@relgen/dsl";
import { column, entity, enumIR, fk, relation, schema, serialId, table } from "./ir-builder.js";

/**
 * The spec's complete example, resolved by hand: one-to-many with backref,
 * one-to-one, many-to-many through a plain table, plus an enum and a
 * composite-key association table.
 */
export function blogIR(): SchemaIR {
  const user = entity({
    name: "User",
    table: "users",
    doc: "A person who writes posts.",
    columns: [
      serialId(),
      column("username", "String", { length: 80, unique: true }),
      column("email", "String", { length: 120, unique: true }),
      column("bio", "Text", { nullable: true }),
      column("status", "Enum", { enumName: "Status", default: { kind: "enum", value: "Scheduled" } }),
      column("createdAt", "DateTime", { default: { kind: "now" } }),
    ],
    uniques: [
      { name: "users_username_key", columns: ["username"] },
      { name: "users_email_key", columns: ["email"] },
    ],
    relations: [
      relation("posts", "one-to-many", "Post", {
        remoteColumns: ["userId"],
        foreignKey: "post_userId_fkey",
        inverse: "author",
        cascade: ["save-update", "merge", "delete", "delete-orphan", "refresh-expire", "expunge"],
        orderBy: [{ field: "createdAt", direction: "desc" }],
      }),
      relation("profile", "one-to-one", "Profile", {
        cardinality: "optional",
        remoteColumns: ["userId"],
        foreignKey: "profile_userId_fkey",
        inverse: "user",
      }),
      relation("groups", "many-to-many", "Group", {
        through: {
          table: "user_groups",
          sourceColumns: ["userId"],
          sourceReferences: ["id"],
          targetColumns: ["groupId"],
          targetReferences: ["id"],
        },
        inverse: "members",
      }),
    ],
  });
  const profile = entity({
    name: "Profile",
    columns: [
      serialId(),
      column("website", "String", { length: 200, nullable: true }),
      column("userId", "Int", { unique: true }),
    ],
    uniques: [{ name: "profile_userId_key", columns: ["userId"] }],
    foreignKeys: [fk("profile_userId_fkey", ["userId"], "users", { targetEntity: "User", onDelete: "cascade" })],
    relations: [
      relation("user", "one-to-one", "User", { foreignKeySide: "self", localColumns: ["userId"], inverse: "profile" }),
    ],
  });
  const post = entity({
    name: "Post",
    columns: [
      serialId(),
      column("title", "String", { length: 200 }),
      column("content", "Text"),
      column("createdAt", "DateTime", { default: { kind: "now" } }),
      column("userId", "Int"),
    ],
    indexes: [{ name: "post_userId_idx", columns: ["userId"], origin: "declared" }],
    foreignKeys: [fk("post_userId_fkey", ["userId"], "users", { targetEntity: "User" })],
    relations: [
      relation("author", "many-to-one", "User", {
        localColumns: ["userId"],
        foreignKey: "post_userId_fkey",
        inverse: "posts",
        fromBackref: true,
      }),
    ],
  });
  const group = entity({
    name: "Group",
    columns: [serialId(), column("name", "String", { length: 100, unique: true })],
    uniques: [{ name: "group_name_key", columns: ["name"] }],
    relations: [
      relation("members", "many-to-many", "User", {
        lazy: "dynamic",
        fromBackref: true,
        inverse: "groups",
        through: {
          table: "user_groups",
          sourceColumns: ["groupId"],
          sourceReferences: ["id"],
          targetColumns: ["userId"],
          targetReferences: ["id"],
        },
      }),
    ],
  });
  const userGroups = table({
    name: "user_groups",
    doc: "Plain association table.",
    columns: [column("userId", "Int", { id: true }), column("groupId", "Int", { id: true })],
    indexes: [{ name: "user_groups_groupId_idx", columns: ["groupId"], origin: "foreign-key" }],
    foreignKeys: [
      fk("user_groups_userId_fkey", ["userId"], "users", { targetEntity: "User", onDelete: "cascade" }),
      fk("user_groups_groupId_fkey", ["groupId"], "group", { targetEntity: "Group", onDelete: "cascade" }),
    ],
  });
  return schema({
    entities: [user, profile, post, group],
    tables: [userGroups],
    enums: [enumIR("Status", ["Scheduled", "Completed", "Cancelled"], "Where a post stands.")],
  });
}
