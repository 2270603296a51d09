import { formatSource } from "@relgen/dsl";
import type { TextEdit } from "vscode-languageserver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyTextEdits, fixture, TestClient } from "./support/client.js";

const blog = fixture("blog", "schema.rel");

describe("formatting over the protocol", () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start();
    await client.open(blog);
  });
  afterAll(() => client.dispose());

  const format = () => client.request<TextEdit[]>("textDocument/formatting", blog, { options: { tabSize: 2, insertSpaces: true } });

  it("a canonical file needs no edit", async () => {
    expect(await format()).toEqual([]);
  });

  it("a messy buffer comes back as relgen format lays it out", async () => {
    const original = client.text(blog);
    const messy = original.replaceAll(/ {2,}/g, " ").replace("entity Blog {", "entity Blog{");
    expect(messy).not.toBe(original);
    await client.change(blog, messy);
    const edits = await format();
    expect(edits).toHaveLength(1);
    const result = applyTextEdits(messy, edits);
    expect(result).toBe(formatSource(messy, blog).text);
    expect(result).toBe(original);
    await client.change(blog, original);
  });

  it("a buffer that does not parse is refused with the error, and no edit", async () => {
    const original = client.text(blog);
    await client.change(blog, original.replace("entity Blog {", "entity Blog"));
    await expect(format()).rejects.toThrow(/not formatted, the file has a syntax error \(line \d+, column \d+: /);
    await client.change(blog, original);
  });
});
