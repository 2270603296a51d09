import { describe, expect, expectTypeOf, it } from "vitest";
import { defineSchema } from "../src/index.js";
import type {
  ColumnSource,
  EntityMeta,
  Collection,
  DynamicCollection,
  Loaded,
  LoadedCollection,
  LoadedReference,
  OrderPath,
  ReadonlyCollection,
  Reference,
  RelationQuery,
  ScalarKeys,
  SchemaMeta,
  SchemaSource,
  WhereFilter,
} from "../src/index.js";

// Shaped like a generated model.
declare class User {
  id: number;
  name: string;
  bio: string | null;
  declare readonly posts: Collection<Post>;
  declare readonly profile: Reference<Profile | null>;
  declare readonly feed: DynamicCollection<Post>;
  declare readonly groups: ReadonlyCollection<Group>;
}
declare class Post {
  id: number;
  title: string;
  published: boolean;
  declare readonly author: Reference<User>;
}
declare class Profile {
  id: number;
}
declare class Group {
  id: number;
}

describe("relation handles", () => {
  it("types reads by the target", () => {
    expectTypeOf<Reference<User>["get"]>().returns.toEqualTypeOf<User>();
    expectTypeOf<Reference<User | null>["load"]>().returns.toEqualTypeOf<Promise<User | null>>();
    expectTypeOf<Collection<Post>["items"]>().returns.toEqualTypeOf<readonly Post[]>();
    expectTypeOf<Collection<Post>>().toMatchTypeOf<Iterable<Post>>();
    expectTypeOf<Collection<Post>["add"]>().parameters.toEqualTypeOf<Post[]>();
  });

  it("keeps read-only collections read-only", () => {
    expectTypeOf<ReadonlyCollection<Group>>().not.toHaveProperty("add");
    expectTypeOf<ReadonlyCollection<Group>>().not.toHaveProperty("remove");
  });

  it("types dynamic queries over scalar fields only", () => {
    expectTypeOf<ScalarKeys<Post>>().toEqualTypeOf<"id" | "title" | "published">();
    expectTypeOf<{ title: "a"; published: true }>().toExtend<WhereFilter<Post>>();
    expectTypeOf<{ id: { in: [1, 2] }; title: { like: "a%" } }>().toExtend<WhereFilter<Post>>();
    expectTypeOf<{ title: 3 }>().not.toExtend<WhereFilter<Post>>();
    expectTypeOf<{ author: null }>().not.toExtend<WhereFilter<Post>>();
    expectTypeOf<DynamicCollection<Post>["query"]>().returns.toEqualTypeOf<RelationQuery<Post>>();
    expectTypeOf<RelationQuery<Post>["first"]>().returns.toEqualTypeOf<Promise<Post | undefined>>();
    expectTypeOf<RelationQuery<Post>["orderBy"]>().parameter(0).toEqualTypeOf<OrderPath<Post>>();
    expectTypeOf<"title" | "author.name" | "author.profile.id">().toExtend<OrderPath<Post>>();
    expectTypeOf<"author">().not.toExtend<OrderPath<Post>>();
  });
});

describe("Loaded<T, K>", () => {
  type UserWithPosts = Loaded<User, "posts" | "profile">;

  it("narrows the named relations to their loaded forms", () => {
    expectTypeOf<UserWithPosts["posts"]>().toMatchTypeOf<LoadedCollection<Post>>();
    expectTypeOf<UserWithPosts["posts"]["value"]>().toEqualTypeOf<readonly Post[]>();
    expectTypeOf<UserWithPosts["posts"]["isLoaded"]>().toEqualTypeOf<true>();
    expectTypeOf<UserWithPosts["profile"]>().toMatchTypeOf<LoadedReference<Profile | null>>();
    expectTypeOf<UserWithPosts["profile"]["value"]>().toEqualTypeOf<Profile | null>();
  });

  it("leaves other relations and scalars alone", () => {
    expectTypeOf<UserWithPosts["groups"]>().toEqualTypeOf<ReadonlyCollection<Group>>();
    expectTypeOf<UserWithPosts["groups"]>().not.toHaveProperty("value");
    expectTypeOf<UserWithPosts["name"]>().toEqualTypeOf<string>();
    expectTypeOf<UserWithPosts>().toMatchTypeOf<User>();
    expectTypeOf<Loaded<User, "feed">["feed"]>().toMatchTypeOf<DynamicCollection<Post>>();
  });

  it("rejects keys that are not on the model", () => {
    // @ts-expect-error "nope" is not a key of User
    type Bad = Loaded<User, "nope">;
    expectTypeOf<Bad>().not.toBeNever();
  });
});

describe("SchemaMeta", () => {
  it("is what defineSchema gives for the compact form a generated schema.ts writes", () => {
    const schema: SchemaMeta = defineSchema({
      entities: {
        User: {
          table: "users",
          columns: { id: { type: "Int", primaryKey: true, default: "autoincrement" }, status: { type: { kind: "Enum", enum: "Status" } } },
        },
      },
      tables: [{ entity: "User" }],
      enums: { Status: ["A", "B"] },
    });
    expectTypeOf(schema.entities.User).toEqualTypeOf<EntityMeta | undefined>();
    expectTypeOf(defineSchema).parameter(0).toEqualTypeOf<SchemaSource>();
    expect(schema.entities.User?.columns[0]).toEqual({
      name: "id",
      column: "id",
      type: { kind: "Int" },
      nullable: false,
      primaryKey: true,
      autoincrement: true,
      default: { kind: "autoincrement" },
      unique: false,
    });
    expect(schema.tables[0]?.columns).toBe(schema.entities.User?.columns);
    expect(schema.enums.Status).toEqual({ name: "Status", values: ["A", "B"] });
  });

  it("rejects a column type the runtime does not know", () => {
    // @ts-expect-error "Integer" is not a scalar kind
    const column: ColumnSource = { type: "Integer" };
    expect(column.type).toBe("Integer");
  });
});
