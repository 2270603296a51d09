import { describe, expect, test } from "vitest";
import { collectionName, entityNameOf, fieldNameOf, relationNameOf } from "../../src/pull/names.js";

describe("names pull derives from database names", () => {
  test.each([
    ["users", "User"],
    ["order_lines", "OrderLine"],
    ["categories", "Category"],
    ["addresses", "Address"],
    ["boxes", "Box"],
    ["shelves", "Shelf"],
    ["people", "Person"],
    ["status", "Status"],
    ["Authors", "Author"],
    ["userGroups", "UserGroup"],
    ["HTTP_LOGS", "HttpLog"],
    ["2fa_codes", "_2faCode"],
    ["date", "DateRecord"],
  ])("table %s → entity %s", (table, entity) => expect(entityNameOf(table)).toBe(entity));

  test.each([
    ["is_active", "isActive"],
    ["createdAt", "createdAt"],
    ["authorID", "authorID"],
    ["UserName", "userName"],
    ["user-name", "userName"],
  ])("column %s → field %s", (column, field) => expect(fieldNameOf(column)).toBe(field));

  test.each([
    ["author_id", "author"],
    ["authorId", "author"],
    ["AuthorID", "author"],
    ["parent_fk", "parent"],
    ["addedBy", undefined],
    ["id", undefined],
  ])("key column %s → relation %s", (column, relation) => expect(relationNameOf(column)).toBe(relation));

  test.each([
    ["Post", "posts"],
    ["Category", "categories"],
    ["OrderLine", "orderLines"],
    ["Box", "boxes"],
    ["Shelf", "shelves"],
    ["Person", "people"],
  ])("entity %s → collection %s", (entity, collection) => expect(collectionName(entity)).toBe(collection));
});
