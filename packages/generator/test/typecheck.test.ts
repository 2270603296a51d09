import { describe, expect, it } from "vitest";
import { generate } from "../src/index.js";
import { blogIR } from "./support/blog-ir.js";
import { kitchenIR } from "./support/kitchen-ir.js";
import { typecheck } from "./support/typecheck.js";

/** Uses the generated blog code the way an application would; every @ts-expect-error must fire. */
const BLOG_USAGE = `
import { Group, models, Post, schema, Status, User, type UserInit } from "./index.js";
import type { Profile } from "./models/profile.js";
import type { Collection, DynamicCollection, Loaded, Reference } from "@relgen/runtime";

export const init: UserInit = { username: "ann", email: "ann@example.com" };
export const user = new User(init);
export const username: string = user.username;
export const bio: string | null = user.bio;
export const status: Status = user.status;
export const createdAt: Date = user.createdAt;
export const posts: Collection<Post> = user.posts;
export const profile: Reference<Profile | null> = user.profile;
export const members: DynamicCollection<User> = new Group({ name: "admins" }).members;
export const author: Reference<User> = new Post({ title: "t", content: "c", userId: 1 }).author;
// Init takes relations; the foreign key a relation fills is optional
export const written = new Post({ title: "t", content: "c", author: user });
export const parent = new User({ username: "b", email: "b@x", posts: [written], profile: null, groups: [] });
// @ts-expect-error a non-null to-one does not take null
new Post({ title: "t", content: "c", author: null });
// @ts-expect-error a collection takes an array of the target
new User({ username: "c", email: "c@x", posts: written });
export const statuses: readonly Status[] = Status;
export const usersTable: string | undefined = schema.entities["User"]?.table;
export const cascade: readonly string[] | undefined = schema.entities["User"]?.relations["posts"]?.cascade;
// @ts-expect-error schema has the declared type SchemaMeta, not a literal type (an entity may be absent)
export const literalTable: "users" = schema.entities["User"].table;
export const ctor: typeof User = models.User;
// @ts-expect-error models' entries are read-only
models.User = User;
export function titles(u: Loaded<User, "posts">): string[] {
  return u.posts.value.map((p) => p.title);
}
// @ts-expect-error username is required
new User({ email: "a@x" });
// @ts-expect-error bio is a string or null
new User({ username: "a", email: "b", bio: 3 });
// @ts-expect-error not a Status
export const bogus: Status = "Bogus";
// @ts-expect-error relations are read-only handles
user.posts = posts;
// @ts-expect-error a to-one handle of a non-null relation does not take null
author.set(null);
`;

const KITCHEN_USAGE = `
import { Club, Everything, Membership, Person } from "./index.js";
import type { ReadonlyCollection, Reference } from "@relgen/runtime";

export const everything = new Everything({ code: "x" });
export const id: string = everything.id;
export const big: bigint | null = everything.big;
export const price: string = everything.price;
export const data: unknown = everything.data;
export const blob: Uint8Array | null = everything.blob;
export const day: Date = everything.day;
export const displayName: string | null = everything.displayName;
export const person = new Person({ name: "Ann" });
export const clubs: ReadonlyCollection<Club> = person.clubs;
export const manager: Reference<Person | null> = person.manager;
export const membership = new Membership({ personId: 1, clubId: 2 });
export const owner: Reference<Person> = new Club({ ownerId: 1 }).owner;
// @ts-expect-error view-only collections cannot be written
person.clubs.add(new Club({ ownerId: 1 }));
// @ts-expect-error code is required
new Everything({});
export const joined = new Membership({ person, club: new Club({ owner: person }) });
// @ts-expect-error a view-only collection is not part of Init: write through Membership
new Person({ name: "Ann", clubs: [] });
`;

describe("generated TypeScript compiles under strict settings", () => {
  it("blog schema, with an application using it", async () => {
    const files = await generate(blogIR());
    expect(typecheck(files, { "usage.ts": BLOG_USAGE })).toEqual([]);
  });

  it("kitchen-sink schema (every type, self-reference, view-only many-to-many)", async () => {
    const files = await generate(kitchenIR());
    expect(typecheck(files, { "usage.ts": KITCHEN_USAGE })).toEqual([]);
  });

  it("also under exactOptionalPropertyTypes and noPropertyAccessFromIndexSignature", async () => {
    const files = await generate(kitchenIR());
    const options = {
      exactOptionalPropertyTypes: true,
      noPropertyAccessFromIndexSignature: true,
      noUnusedLocals: true,
    };
    expect(typecheck(files, { "usage.ts": KITCHEN_USAGE }, options)).toEqual([]);
  });

  it("reports real errors (the harness is not vacuous)", async () => {
    const files = await generate(blogIR());
    const errors = typecheck(files, {
      "usage.ts": `import { User } from "./index.js";\nexport const n: number = new User({ username: "a", email: "b" }).username;\n`,
    });
    expect(errors.join("\n")).toMatch(/usage\.ts:2 Type 'string' is not assignable to type 'number'/);
  });
});
