import { compileFile, memoryHost, nodeHost, type SchemaIR } from "@relgen/dsl";
import { readFileSync } from "node:fs";
import type { WorkspaceEdit } from "vscode-languageserver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyTextEdits, fixture, positionOf, REPO, TestClient, uriOf } from "./support/client.js";

const entry = fixture("imports", "schema.rel");
const users = fixture("imports", "users.rel");
const posts = fixture("imports", "content", "posts.rel");
const spec = fixture("spec-example", "schema.rel");

/** The database as the IR describes it: tables with their columns' database names, keys and foreign keys. */
const database = (ir: SchemaIR) =>
  ir.tables.map((t) => ({ table: t.name, columns: t.columns.map((c) => c.columnName), fks: t.foreignKeys.map((f) => [f.targetTable, f.onDelete]) }));

/** Compiles `entryFile` with the edit applied to the files it touches (the rest read from disk). */
function compileEdited(entryFile: string, edit: WorkspaceEdit): { ir?: SchemaIR; files: string[] } {
  const files: Record<string, string> = {};
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const file = new URL(uri).pathname;
    files[file] = applyTextEdits(readFileSync(file, "utf8"), edits);
  }
  const disk = nodeHost(REPO);
  const memory = memoryHost(files);
  const result = compileFile(entryFile, { ...disk, readFile: (f) => memory.readFile(f) ?? disk.readFile(f) });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return { ...(result.ir ? { ir: result.ir } : {}), files: Object.keys(files).sort() };
}

describe("rename over the protocol", () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start();
    await client.open(entry);
    await client.open(users);
    await client.open(spec);
  });
  afterAll(() => client.dispose());

  const at = (file: string, needle: string, shift = 1, nth = 0) => ({ position: positionOf(client.text(file), needle, shift, nth) });

  it("an entity across files: every use is renamed, the schema still compiles, and the database stays as it was", async () => {
    const prepared = await client.request<{ placeholder: string }>("textDocument/prepareRename", users, at(users, "entity User", "entity ".length + 1));
    expect(prepared.placeholder).toBe("User");
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", users, { ...at(users, "entity User", "entity ".length + 1), newName: "Member" });
    const touched = compileEdited(entry, edit);
    expect(touched.files).toEqual([posts, users].sort());
    expect(Object.values(edit.changes!).flat().filter((e) => e.newText === "Member")).toHaveLength(3);
    const before = compileFile(entry, nodeHost(REPO)).ir!;
    expect(touched.ir!.entities.map((e) => e.name)).toContain("Member");
    expect(database(touched.ir!)).toEqual(database(before));
  });

  it("an entity without @@table keeps its table with @@table(\"old\"); a column field keeps its column with @column(\"old\")", async () => {
    const before = compileFile(spec, nodeHost(REPO)).ir!;
    const entity = await client.request<WorkspaceEdit>("textDocument/rename", spec, { ...at(spec, "entity Profile", "entity ".length + 1), newName: "Card" });
    expect(Object.values(entity.changes!).flat().map((e) => e.newText)).toContain('\n  @@table("profile")\n');
    expect(database(compileEdited(spec, entity).ir!)).toEqual(database(before));

    const field = await client.request<WorkspaceEdit>("textDocument/rename", spec, { ...at(spec, "userId  Int     @unique"), newName: "ownerId" });
    expect(Object.values(field.changes!).flat().map((e) => e.newText)).toEqual(["ownerId", ' @column("userId")']);
    expect(database(compileEdited(spec, field).ir!)).toEqual(database(before));
  });

  it("a key field referenced from another file: its @references there, and its column kept", async () => {
    const before = compileFile(entry, nodeHost(REPO)).ir!;
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", users, { ...at(users, "id       Int"), newName: "key" });
    expect(edit.changes![uriOf(posts)]!.map((e) => e.newText)).toEqual(["key"]);
    expect(edit.changes![uriOf(users)]!.map((e) => e.newText)).toEqual(["key", ' @column("id")']);
    const after = compileEdited(entry, edit).ir!;
    expect(after.entities.find((e) => e.name === "User")!.primaryKey).toEqual(["key"]);
    expect(database(after)).toEqual(database(before));
  });

  it("a relation field renames its @inverse uses too", async () => {
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", spec, { ...at(spec, "profile   Profile?"), newName: "card" });
    const edits = edit.changes![uriOf(spec)]!;
    expect(edits.map((e) => [e.range.start.line, e.newText])).toEqual([
      [positionOf(client.text(spec), "profile   Profile?").line, "card"],
      [positionOf(client.text(spec), "@inverse(profile)").line, "card"],
    ]);
    compileEdited(spec, edit);
  });

  it("refuses, with the reason, names that are invalid, taken, or would not compile", async () => {
    const rename = (newName: string) =>
      client.request<WorkspaceEdit>("textDocument/rename", users, { ...at(users, "entity User", "entity ".length + 1), newName });
    await expect(rename("1st")).rejects.toThrow(/not a name/);
    await expect(rename("Post")).rejects.toThrow(/`Post` is already declared \(.*posts\.rel:3:8\)/);
    await expect(rename("table")).rejects.toThrow(/keyword/);
    await expect(rename("PostInit")).rejects.toThrow(/would not compile: .*PostInit/);
    const field = client.request<WorkspaceEdit>("textDocument/rename", users, { ...at(users, "username String"), newName: "role" });
    await expect(field).rejects.toThrow(/`User` already has a field `role`/);
    await expect(client.request("textDocument/prepareRename", users, at(users, "enum Role", "enum ".length + 1))).rejects.toThrow(/enum/);
  });
});
