import { compileSource } from "@relgen/dsl";
import type { CodeAction, Diagnostic } from "vscode-languageserver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyTextEdits, fixture, TestClient, uriOf } from "./support/client.js";

// a buffer beside the fixtures (never written): the server reads open buffers, not the disk
const file = fixture("blog", "quick-fix.rel");

describe("quick fixes over the protocol", () => {
  let client: TestClient;
  beforeAll(async () => (client = await TestClient.start()));
  afterAll(() => client.dispose());

  /** Opens `text`, asks for the fixes of its first diagnostic, and returns them with the diagnostic. */
  async function fixesOf(text: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
    const diagnostics = client.latest(file) === undefined ? await client.open(file, text) : await client.change(file, text);
    const diagnostic = diagnostics[0]!;
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", file, { range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    return { diagnostic, actions };
  }
  /** The text after `action`, and the codes the compiler then reports. */
  const apply = (text: string, action: CodeAction) => {
    const after = applyTextEdits(text, action.edit!.changes![uriOf(file)]!);
    return { after, codes: compileSource(after).diagnostics.map((d) => d.code) };
  };

  const base = "entity User {\n  id Int @id\n}\n";

  it("did you mean: an unknown type, attribute, strategy or field becomes the suggestion", async () => {
    for (const [text, code] of [
      [`${base}entity Post {\n  id Int @id\n  title Strng\n}\n`, "E0401"],
      [`${base}entity Post {\n  id Int @id @uniqe\n}\n`, "E0501"],
      [`${base}entity Post {\n  id Int @id\n  userId Int @references(Usr)\n}\n`, "E0513"],
      [`${base}entity Post {\n  id Int @id\n  userId Int @references(User)\n  author User @backref(posts, lazy: selectn)\n}\n`, "E0511"],
      ["entity User {\n  id Int @id\n  posts Post[] @inverse(autor)\n}\nentity Post {\n  id Int @id\n  userId Int @references(User)\n  author User @inverse(posts)\n}\n", "E0704"],
      ["entity User {\n  id Int @id\n  posts Post[] @backref(author) @orderBy(titel)\n}\nentity Post {\n  id Int @id\n  title Text\n  userId Int @references(User)\n}\n", "E0719"],
      [`${base.replace("  id Int @id\n", "  id Int @id\n  tags Tag[] @through(user_tgs)\n")}entity Tag {\n  id Int @id\n}\ntable user_tags {\n  userId Int @id @references(User)\n  tagId Int @id @references(Tag)\n}\n`, "E0712"],
    ] as const) {
      const { diagnostic, actions } = await fixesOf(text);
      expect(diagnostic.code).toBe(code);
      expect(actions[0]!.title).toMatch(/^Change to `/);
      expect(actions[0]!.isPreferred).toBe(true);
      expect(apply(text, actions[0]!).codes).toEqual([]);
    }
  });

  it("several foreign keys could serve: one `@fk(...)` per candidate", async () => {
    const text = `${base}entity Post {\n  id Int @id\n  authorId Int @references(User)\n  editorId Int @references(User)\n  author User\n}\n`;
    const { diagnostic, actions } = await fixesOf(text);
    expect(diagnostic.code).toBe("E0703");
    expect(actions.map((a) => a.title)).toEqual(["Add `@fk(authorId)`", "Add `@fk(editorId)`"]);
    const { after, codes } = apply(text, actions[1]!);
    expect(after).toContain("  author User @fk(editorId)\n");
    expect(codes).toEqual([]);
  });

  it("a relation and its key disagree on nullability: make the relation match, or make the key nullable", async () => {
    const text = `${base}entity Post {\n  id Int @id\n  userId Int @references(User)\n  author User? @backref(posts)\n}\n`;
    const { diagnostic, actions } = await fixesOf(text);
    expect(diagnostic.code).toBe("E0710");
    expect(actions.map((a) => a.title)).toEqual(["Write `User`", "Make `Post.userId` nullable"]);
    expect(apply(text, actions[0]!).codes).toEqual([]);
    const keyed = apply(text, actions[1]!);
    expect(keyed.after).toContain("  userId Int? @references(User)\n");
    expect(keyed.codes).toEqual([]);
  });

  it("a one-to-one key that is not unique gets `@unique`; a relation with no key gets the column the help names", async () => {
    const notUnique = `${base}entity Profile {\n  id Int @id\n  userId Int @references(User)\n  user User @inverse(profile)\n}\n`.replace("  id Int @id\n}", "  id Int @id\n  profile Profile? @inverse(user)\n}");
    const first = await fixesOf(notUnique);
    expect(first.diagnostic.code).toBe("W0701");
    expect(apply(notUnique, first.actions[0]!).codes).toEqual([]);

    const noKey = `${base}entity Post {\n  id Int @id\n  author User\n}\n`;
    const second = await fixesOf(noKey);
    expect(second.diagnostic.code).toBe("E0701");
    expect(second.actions[0]!.title).toBe("Add `userId Int @references(User)` to `Post`");
    expect(apply(noKey, second.actions[0]!).codes).toEqual([]);
  });
});
