import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileFile, compileSource } from "../../src/compile.js";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { memoryHost } from "../../src/source/loader.js";
import { ID } from "./helpers.js";

describe("several files share one namespace", () => {
  const files = {
    "app/schema.rel": `import "models/user.rel"\nimport "models/post.rel"\nentity Comment { ${ID}\n postId Int @references(Post)\n post Post @backref(comments) }`,
    "app/models/user.rel": `entity User { ${ID}\n posts Post[] @backref(author) }`,
    "app/models/post.rel": `import "user.rel"\nentity Post { ${ID}\n userId Int @references(User) }`,
  };

  test("relations resolve across files; entry first, imports after", () => {
    const result = compileFile("app/schema.rel", memoryHost(files));
    expect(result.diagnostics).toEqual([]);
    expect(result.ir!.files).toEqual(["app/schema.rel", "app/models/user.rel", "app/models/post.rel"]);
    expect(result.ir!.entities.map((e) => e.name)).toEqual(["Comment", "User", "Post"]);
    expect(result.ir!.tables.map((t) => t.name)).toEqual(["user", "post", "comment"]);
    expect(result.ir!.entities.find((e) => e.name === "Post")!.relations.map((r) => r.name)).toEqual(["comments", "author"]);
    expect([...result.sources.keys()].sort()).toEqual(Object.keys(files).sort());
  });

  test("E0301 across files points at the first declaration in the other file", () => {
    const result = compileFile("a.rel", memoryHost({ "a.rel": `import "b.rel"\nentity User { ${ID} }`, "b.rel": `\nentity User { ${ID} }` }));
    const [d] = result.diagnostics;
    expect(d).toMatchObject({ code: "E0301", span: { file: "b.rel", line: 2, column: 8 } });
    expect(d!.related).toMatchObject([{ span: { file: "a.rel", line: 2, column: 8 } }]);
  });
});

describe("analysis never throws", () => {
  const words = ["entity", "table", "enum", "User", "Post", "id", "userId", "Int", "String(5)", "Post[]", "User?", "{", "}", "@id",
    "@references(User)", "@backref(x)", "@inverse(y)", "@through(t)", "@default(1)", "@@id([a])", "@unique", "a", "b", "\n"];
  test("token soup gives diagnostics or a frozen IR, never an exception", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 40 }), (tokens) => {
        const result = compileSource(tokens.join(" "));
        expect(result.ir === undefined).toBe(hasErrors(result.diagnostics));
        if (result.ir) expect(Object.isFrozen(result.ir)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("plausible schemas with random attributes never throw", () => {
    const attrs = ["", "@backref(u)", "@inverse(posts)", "@inverse(author)", "@cascade(all, delete-orphan)", "@lazy(dynamic)",
      "@passiveDeletes", "@orderBy(id desc)", "@fk(userId)", "@through(Post)"];
    fc.assert(
      fc.property(fc.constantFrom(...attrs), fc.constantFrom(...attrs), fc.constantFrom("Int", "Int?"), fc.constantFrom("User", "User?", "User[]"),
        (a, b, fkType, shape) => {
          const src = `entity User { ${ID}\n posts Post[] ${a} }\nentity Post { ${ID}\n userId ${fkType} @references(User)\n author ${shape} ${b} }`;
          const result = compileSource(src);
          expect(result.ir === undefined).toBe(hasErrors(result.diagnostics));
          expect(result.diagnostics.every((d) => d.code !== "E0899")).toBe(true);
        }),
      { numRuns: 400 },
    );
  });
});
