import type { SchemaIR } from "@relgen/dsl";
import { column, entity, enumIR, fk, relation, schema, serialId } from "./ir-builder.js";

/**
 * Every column type and default kind, an enum, a composite primary key, every
 * referential action, a self-reference and a foreign-key cycle broken by a
 * deferred (nullable) key: person.favoriteClubId → club, club.ownerId → person.
 */
export function kitchenIR(): SchemaIR {
  const everything = entity({
    name: "Everything",
    doc: "One column of every type.",
    columns: [
      column("id", "Uuid", { id: true, default: { kind: "uuid" } }),
      column("count", "Int", { default: { kind: "literal", value: 42 } }),
      column("big", "BigInt", { nullable: true }),
      column("ratio", "Float", { default: { kind: "literal", value: 2.5 } }),
      column("price", "Decimal", { precision: 10, scale: 2, default: { kind: "literal", value: 0 } }),
      column("label", "String", { default: { kind: "literal", value: "it's" } }),
      column("code", "String", { length: 12 }),
      column("body", "Text", { nullable: true, unique: true, doc: "Free text." }),
      column("flag", "Boolean", { default: { kind: "literal", value: true } }),
      column("day", "Date", { default: { kind: "now" } }),
      column("at", "DateTime", { default: { kind: "now" } }),
      column("data", "Json", { nullable: true }),
      column("settings", "Json", { default: { kind: "literal", value: "{}" } }),
      column("blob", "Bytes", { nullable: true }),
      column("status", "Enum", { enumName: "Status", default: { kind: "enum", value: "Completed" } }),
      column("note", "String", { nullable: true, default: { kind: "literal", value: null } }),
      column("displayName", "String", { length: 40, columnName: "display_name", nullable: true }),
    ],
    uniques: [{ name: "everything_body_key", columns: ["body"] }],
    indexes: [{ name: "everything_code_at_idx", columns: ["code", "at"], origin: "declared" }],
  });
  const person = entity({
    name: "Person",
    columns: [
      serialId(),
      column("name", "String", { length: 80 }),
      column("favoriteClubId", "Int", { nullable: true }),
      column("managerId", "Int", { nullable: true }),
    ],
    foreignKeys: [
      fk("person_favoriteClubId_fkey", ["favoriteClubId"], "club", {
        targetEntity: "Club",
        onDelete: "set-null",
        deferred: true,
      }),
      fk("person_managerId_fkey", ["managerId"], "person", { targetEntity: "Person", onDelete: "set-null" }),
    ],
    indexes: [
      { name: "person_favoriteClubId_idx", columns: ["favoriteClubId"], origin: "foreign-key" },
      { name: "person_managerId_idx", columns: ["managerId"], origin: "foreign-key" },
    ],
    relations: [
      relation("favoriteClub", "many-to-one", "Club", { cardinality: "optional", localColumns: ["favoriteClubId"] }),
      relation("manager", "many-to-one", "Person", {
        cardinality: "optional",
        localColumns: ["managerId"],
        selfReferential: true,
        inverse: "reports",
      }),
      relation("reports", "one-to-many", "Person", {
        remoteColumns: ["managerId"],
        selfReferential: true,
        inverse: "manager",
        fromBackref: true,
      }),
      relation("clubs", "many-to-many", "Club", {
        viewOnly: true,
        through: {
          table: "membership",
          entity: "Membership",
          sourceColumns: ["personId"],
          sourceReferences: ["id"],
          targetColumns: ["clubId"],
          targetReferences: ["id"],
        },
      }),
    ],
  });
  const club = entity({
    name: "Club",
    columns: [serialId(), column("ownerId", "Int")],
    foreignKeys: [
      fk("club_ownerId_fkey", ["ownerId"], "person", {
        targetEntity: "Person",
        onDelete: "restrict",
        onUpdate: "cascade",
      }),
    ],
    indexes: [{ name: "club_ownerId_idx", columns: ["ownerId"], origin: "foreign-key" }],
    relations: [relation("owner", "many-to-one", "Person", { localColumns: ["ownerId"] })],
  });
  const membership = entity({
    name: "Membership",
    columns: [
      column("personId", "Int", { id: true }),
      column("clubId", "Int", { id: true }),
      column("role", "String", { length: 20, default: { kind: "literal", value: "member" } }),
    ],
    foreignKeys: [
      fk("membership_personId_fkey", ["personId"], "person", {
        targetEntity: "Person",
        onDelete: "cascade",
        onUpdate: "no-action",
      }),
      fk("membership_clubId_fkey", ["clubId"], "club", { targetEntity: "Club", onDelete: "cascade" }),
    ],
    indexes: [{ name: "membership_clubId_idx", columns: ["clubId"], origin: "foreign-key" }],
    relations: [
      relation("person", "many-to-one", "Person", { localColumns: ["personId"] }),
      relation("club", "many-to-one", "Club", { localColumns: ["clubId"] }),
    ],
  });
  return schema({
    entities: [everything, person, club, membership],
    enums: [enumIR("Status", ["Scheduled", "Completed", "Cancelled"])],
  });
}
