import { describe, expect, it } from "vitest";
import type { ScalarKind } from "@relgen/dsl";
import { createViewContext } from "../src/views/context.js";
import { modelView, relationHandle } from "../src/views/model-view.js";
import { describeRelation } from "../src/views/relation-doc.js";
import { columnTsType, isRequiredInInit } from "../src/views/ts-types.js";
import { tsdoc } from "../src/views/tsdoc.js";
import { blogIR } from "./support/blog-ir.js";
import { column, entity, relation, schema, serialId } from "./support/ir-builder.js";
import { kitchenIR } from "./support/kitchen-ir.js";

function view(ir = blogIR(), name = "User") {
  const e = ir.entities.find((x) => x.name === name);
  if (!e) throw new Error(name);
  return modelView(e, createViewContext(ir, "schema.rel"));
}

describe("column TypeScript types", () => {
  const cases: Array<[ScalarKind, string]> = [
    ["Int", "number"],
    ["BigInt", "bigint"],
    ["Float", "number"],
    ["Decimal", "string"],
    ["String", "string"],
    ["Text", "string"],
    ["Boolean", "boolean"],
    ["Date", "Date"],
    ["DateTime", "Date"],
    ["Json", "unknown"],
    ["Uuid", "string"],
    ["Bytes", "Uint8Array"],
  ];
  it.each(cases)("%s → %s, nullable adds | null", (kind, ts) => {
    expect(columnTsType(column("x", kind))).toBe(ts);
    expect(columnTsType(column("x", kind, { nullable: true }))).toBe(kind === "Json" ? "unknown" : `${ts} | null`);
  });

  it("an enum column is its union type", () => {
    expect(columnTsType(column("s", "Enum", { enumName: "Status", nullable: true }))).toBe("Status | null");
  });
});

describe("Init requiredness", () => {
  it("requires NOT NULL columns without a default, nothing else", () => {
    expect(isRequiredInInit(column("a", "String"))).toBe(true);
    expect(isRequiredInInit(column("a", "String", { nullable: true }))).toBe(false);
    expect(isRequiredInInit(column("a", "DateTime", { default: { kind: "now" } }))).toBe(false);
    expect(isRequiredInInit(serialId())).toBe(false);
  });

  it("prints the Init interface and the constructor's assignments", () => {
    const v = view();
    expect(v.initFields.map((f) => f.line)).toEqual([
      "id?: number;",
      "username: string;",
      "email: string;",
      "bio?: string | null;",
      "status?: Status;",
      "createdAt?: Date;",
      'posts?: Array<Post | InitWithout<PostInit, "author" | "userId">>;',
      "profile?: Profile | null;",
      "groups?: Group[];",
    ]);
    expect(v.assignments).toEqual([
      "if (init.id !== undefined) this.id = init.id;",
      "this.username = init.username;",
      "this.email = init.email;",
      "this.bio = init.bio ?? null;",
      "if (init.status !== undefined) this.status = init.status;",
      "if (init.createdAt !== undefined) this.createdAt = init.createdAt;",
      "if (init.posts !== undefined) this.posts.add(...init.posts);",
      "if (init.profile !== undefined) this.profile.set(init.profile);",
      "if (init.groups !== undefined) this.groups.add(...init.groups);",
    ]);
    expect(v.constructorParam).toBe("init: UserInit");
    expect(v.registration).toBe('defineEntity(User, schema, "User");');
  });

  it("makes a NOT NULL foreign key a relation fills optional, assigned only when given", () => {
    const post = view(blogIR(), "Post");
    expect(post.initFields.map((f) => f.line)).toContain("userId?: number;");
    expect(post.initFields.map((f) => f.line)).toContain("author?: User;");
    expect(post.assignments).toContain("if (init.userId !== undefined) this.userId = init.userId;");
    expect(post.assignments.at(-1)).toBe("if (init.author !== undefined) this.author.set(init.author);");
    // Profile.userId is filled both by Profile.user (key on this side) and User.profile (key on the target side).
    expect(view(blogIR(), "Profile").initFields.map((f) => f.line)).toContain("userId?: number;");
    expect(view(blogIR(), "Profile").constructorParam).toBe("init: ProfileInit = {}");
  });

  it("fills a foreign key from another entity's collection alone, and leaves keys no relation fills required", () => {
    const parent = entity({
      name: "Parent",
      columns: [serialId()],
      relations: [relation("kids", "one-to-many", "Kid", { remoteColumns: ["parentId"], lazy: "dynamic" })],
    });
    const kid = entity({
      name: "Kid",
      columns: [
        serialId(),
        column("parentId", "Int"),
        column("otherId", "Int"),
        column("maybeId", "Int", { nullable: true }),
      ],
      relations: [relation("maybe", "many-to-one", "Parent", { cardinality: "optional", localColumns: ["maybeId"] })],
    });
    const ir = schema({ entities: [parent, kid] });
    expect(view(ir, "Kid").initFields.map((f) => f.line)).toEqual([
      "id?: number;",
      "parentId?: number;",
      "otherId: number;",
      "maybeId?: number | null;",
      "maybe?: Parent | null;",
    ]);
    expect(view(ir, "Kid").assignments).toEqual([
      "if (init.id !== undefined) this.id = init.id;",
      "if (init.parentId !== undefined) this.parentId = init.parentId;",
      "this.otherId = init.otherId;",
      "this.maybeId = init.maybeId ?? null;",
      "if (init.maybe !== undefined) this.maybe.set(init.maybe);",
    ]);
    // A dynamic collection is written like any other.
    expect(view(ir, "Parent").initFields.map((f) => f.line)).toContain('kids?: Array<Kid | InitWithout<KidInit, "parentId">>;');
  });

  it("requires a NOT NULL composite foreign key as the relation or all of its columns", () => {
    const parent = entity({ name: "Shelf", columns: [column("room", "Int"), column("slot", "Int")], primaryKey: ["room", "slot"] });
    const kid = entity({
      name: "Box",
      columns: [serialId(), column("shelfRoom", "Int"), column("shelfSlot", "Int")],
      relations: [relation("shelf", "many-to-one", "Shelf", { cardinality: "one", localColumns: ["shelfRoom", "shelfSlot"] })],
    });
    const box = view(schema({ entities: [parent, kid] }), "Box");
    expect(box.initUnions).toEqual([
      "({ shelf: Shelf; shelfRoom?: number; shelfSlot?: number } | { shelfRoom: number; shelfSlot: number; shelf?: Shelf })",
    ]);
  });

  it("leaves view-only relations out of Init, and the keys only they would fill required", () => {
    const person = view(kitchenIR(), "Person");
    expect(person.initFields.some((f) => f.line.startsWith("clubs"))).toBe(false);
    expect(person.assignments.some((a) => a.includes("clubs"))).toBe(false);
    const viewOnly = schema({
      entities: [
        entity({
          name: "A",
          columns: [serialId()],
          relations: [relation("bs", "one-to-many", "B", { remoteColumns: ["aId"], viewOnly: true })],
        }),
        entity({ name: "B", columns: [serialId(), column("aId", "Int")] }),
      ],
    });
    expect(view(viewOnly, "B").initFields.map((f) => f.line)).toContain("aId: number;");
    expect(view(viewOnly, "A").initFields.map((f) => f.line)).toEqual(["id?: number;"]);
  });

  it("documents each relation in Init by what giving it does", () => {
    const docs = view()
      .initFields.slice(-3)
      .map((f) => f.doc);
    expect(docs).toEqual([
      "/** Added to `posts`; their `userId` is filled from this object at flush. */\n",
      "/** Sets `profile`; its `userId` is filled from this object at flush. */\n",
      "/** Added to `groups`; the association rows are written at flush. */\n",
    ]);
    expect(view(blogIR(), "Post").initFields.at(-1)?.doc).toBe(
      "/** Sets `author`; its key fills `userId` at flush. */\n",
    );
  });

  it("defaults the constructor argument when nothing is required", () => {
    const ir = schema({ entities: [entity({ name: "Counter", columns: [serialId()] })] });
    expect(view(ir, "Counter").constructorParam).toBe("init: CounterInit = {}");
  });

  it("says in the Init TSDoc that an autoincrement key is undefined until the flush, only when there is one", () => {
    const note = "`undefined` until the flush";
    const ir = schema({
      entities: [
        entity({ name: "Counter", columns: [serialId()] }),
        entity({ name: "Tag", columns: [column("code", "String", { id: true })] }),
      ],
    });
    expect(view(ir, "Counter").initDoc.replace(/\s+\* /g, " ")).toContain(note);
    expect(view(ir, "Tag").initDoc).not.toContain("flush");
  });
});

describe("relation properties", () => {
  it("types handles by cardinality, laziness and view-only", () => {
    const user = view();
    expect(user.relations.map((r) => r.line)).toEqual([
      'declare readonly posts: Collection<Post, InitWithout<PostInit, "author" | "userId">>;',
      "declare readonly profile: Reference<Profile | null>;",
      "declare readonly groups: Collection<Group>;",
    ]);
    expect(view(blogIR(), "Group").relations[0]?.line).toBe("declare readonly members: DynamicCollection<User>;");
    expect(view(blogIR(), "Post").relations[0]?.line).toBe("declare readonly author: Reference<User>;");
    expect(view(kitchenIR(), "Person").relations.map((r) => r.line)).toContain(
      "declare readonly clubs: ReadonlyCollection<Club>;",
    );
    expect(relationHandle(relation("x", "many-to-many", "T", { viewOnly: true, lazy: "dynamic" }))).toBe(
      "ReadonlyCollection",
    );
  });

  it("imports defineEntity and the schema, runtime handles, enums and other models as types, sorted, never itself", () => {
    expect(view().imports).toEqual([
      'import { defineEntity, type Collection, type InitWithout, type Reference } from "@relgen/runtime";',
      'import { schema } from "../schema.js";',
      'import type { Status } from "../enums.js";',
      // Through index.ts, so that no chain of models importing each other gets deep (see modelImports).
      'import type { Group, Post, PostInit, Profile } from "../index.js";',
    ]);
    const person = view(kitchenIR(), "Person");
    expect(person.imports.some((l) => /\bPerson\b/.test(l) && l.includes("index.js"))).toBe(false);
  });

  it("aliases a runtime type whose name an entity takes", () => {
    const ir = schema({
      entities: [
        entity({
          name: "Reference",
          columns: [serialId()],
          relations: [
            relation("parent", "many-to-one", "Reference", { cardinality: "optional", localColumns: ["id"] }),
          ],
        }),
      ],
    });
    const v = view(ir, "Reference");
    expect(v.imports[0]).toBe('import { defineEntity, type Reference as RelgenReference } from "@relgen/runtime";');
    expect(v.relations[0]?.line).toBe("declare readonly parent: RelgenReference<Reference | null>;");
  });

  it("aliases defineEntity and schema when an entity takes their names", () => {
    const ir = schema({
      entities: [
        entity({ name: "schema", columns: [serialId()] }),
        entity({ name: "defineEntity", columns: [serialId()] }),
      ],
    });
    const v = view(ir, "schema");
    expect(v.imports.slice(0, 2)).toEqual([
      'import { defineEntity as relgenDefineEntity } from "@relgen/runtime";',
      'import { schema as relgenSchema } from "../schema.js";',
    ]);
    expect(v.registration).toBe('relgenDefineEntity(schema, relgenSchema, "schema");');
  });

  it("describes each relation in its TSDoc", () => {
    const user = blogIR().entities[0];
    const posts = user?.relations[0];
    if (!posts) throw new Error("no posts");
    expect(describeRelation("User", posts)).toBe(
      "One-to-many to {@link Post} via `Post.userId` · inverse `Post.author` · lazy `select` · " +
        "cascade save-update, merge, delete, delete-orphan, refresh-expire, expunge · ordered by `createdAt desc`.",
    );
    const groups = user?.relations[2];
    if (!groups) throw new Error("no groups");
    expect(describeRelation("User", groups)).toContain("Many-to-many to {@link Group} through `user_groups`");
    const clubs = kitchenIR().entities[1]?.relations.find((r) => r.name === "clubs");
    if (!clubs) throw new Error("no clubs");
    expect(describeRelation("Person", clubs)).toContain("through {@link Membership}");
    expect(describeRelation("Person", clubs)).toContain("view-only (write through {@link Membership})");
  });
});

describe("tsdoc", () => {
  it("prints nothing for no doc, one line inline, several as a block", () => {
    expect(tsdoc([])).toBe("");
    expect(tsdoc(["Hello."])).toBe("/** Hello. */\n");
    expect(tsdoc(["A.", "", "B."])).toBe("/**\n * A.\n *\n * B.\n */\n");
  });

  it("cannot be closed early by a doc containing */", () => {
    expect(tsdoc(["a */ b"])).toBe("/** a *\\/ b */\n");
  });

  it("wraps long lines without splitting {@link}", () => {
    const long = `${"word ".repeat(17)}then {@link SomeEntity} and ${"more ".repeat(10)}`;
    const out = tsdoc([long]);
    for (const line of out.split("\n")) expect(line.length).toBeLessThanOrEqual(96);
    expect(out).toContain("{@link SomeEntity}");
  });
});

describe("tsdoc separators", () => {
  it("never starts a wrapped line with a · separator", () => {
    const parts = Array.from({ length: 14 }, (_, i) => `part${"x".repeat(i % 5)} \`v${i}\``);
    const out = tsdoc([parts.join(" · ")]);
    expect(out.split("\n").length).toBeGreaterThan(3);
    for (const line of out.split("\n")) expect(line).not.toMatch(/^ \* ·/);
  });
});
