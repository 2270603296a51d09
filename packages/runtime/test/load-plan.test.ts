// buildPlan's declared eager loads: a to-one back to the parent whose
// collection is loading is answered by the identity map, unless loading it
// would bring eager relations of its own.
import { describe, expect, it } from "vitest";
import { schema as blog } from "../../../fixtures/blog/expected/schema.js";
import { defineEntity, entityNamed, type EntityInfo } from "../src/model/entity-info.js";
import { buildPlan, type LoadNode } from "../src/load/plan.js";
import type { SchemaMeta } from "../src/schema-meta.js";

/** The blog schema as data, with `edit` applied, and a bare model class per entity. */
function blogSchema(edit: (s: { entities: Record<string, { relations: Record<string, { lazy: string }> }> }) => void = () => undefined) {
  const schema = structuredClone(blog) as unknown as SchemaMeta;
  edit(schema as never);
  for (const name of Object.keys(schema.entities)) defineEntity(class {} as never, schema, name);
  return (name: string): EntityInfo => entityNamed(schema, name);
}

const relation = (entity: EntityInfo, name: string) => entity.relations[entity.relationIndex.get(name)!]!;
const names = (plan: readonly LoadNode[]) => plan.map((n) => `${n.relation.name}:${n.strategy}`);

describe("a declared eager to-one under a collection load", () => {
  it("is left out when it points back at the collection's owner (Comment.author under User.comments)", () => {
    const entity = blogSchema();
    expect(names(buildPlan(entity("Comment"), undefined, [relation(entity("User"), "comments")]))).toEqual([]);
  });

  it("is loaded under another parent (Comment.author under Post.comments)", () => {
    const entity = blogSchema();
    expect(names(buildPlan(entity("Comment"), undefined, [relation(entity("Post"), "comments")]))).toEqual(["author:joined"]);
  });

  it("is loaded when asked for by the query", () => {
    const entity = blogSchema();
    const plan = buildPlan(entity("Comment"), { author: true }, [relation(entity("User"), "comments")]);
    expect(names(plan)).toEqual(["author:joined"]);
  });

  it("is loaded when the owner has eager relations of its own, which the load brings too", () => {
    const entity = blogSchema((s) => void (s.entities.User!.relations.posts!.lazy = "selectin"));
    const plan = buildPlan(entity("Comment"), undefined, [relation(entity("User"), "comments")]);
    expect(names(plan)).toEqual(["author:joined"]);
    expect(names(plan[0]!.children)).toEqual(["posts:selectin"]);
  });
});
