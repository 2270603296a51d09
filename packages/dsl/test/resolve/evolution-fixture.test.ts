import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { compileFile } from "../../src/compile.js";
import type { SchemaIR } from "../../src/ir/schema-ir.js";
import { nodeHost } from "../../src/source/loader.js";

/**
 * fixtures/evolution is the input of the `relgen migrate` end-to-end test, so
 * its promise is checked here, where the compiler lives: every version
 * compiles cleanly, and each step changes the database exactly as steps.json
 * says — nothing more, or a migration test would exercise something unnamed.
 */
const DIR = fileURLToPath(new URL("../../../../fixtures/evolution/", import.meta.url));

interface Step {
  readonly from: string;
  readonly to: string;
  readonly name: string;
  readonly allowDataLoss: boolean;
  readonly what: string;
}

const steps = JSON.parse(readFileSync(`${DIR}steps.json`, "utf8")) as Step[];

function compileVersion(version: string): SchemaIR {
  const result = compileFile(`${version}.rel`, nodeHost(DIR));
  expect(result.diagnostics.map((d) => `${version}.rel:${d.span.line}:${d.span.column} ${d.code} ${d.message}`)).toEqual([]);
  return result.ir!;
}

/** What the database sees, one entry per object: key → JSON (spans, docs and rename hints left out). */
function databaseObjects(ir: SchemaIR): Map<string, string> {
  const out = new Map<string, string>();
  const put = (key: string, value: unknown) =>
    out.set(key, JSON.stringify(value, (k, v: unknown) => (k === "span" || k === "doc" || k === "renamedFrom" ? undefined : v)));
  for (const t of ir.tables) {
    put(`table ${t.name}`, { primaryKeyName: t.primaryKeyName, primaryKey: t.primaryKey });
    for (const c of t.columns) put(`column ${t.name}.${c.columnName}`, c);
    for (const u of t.uniques) put(`unique ${u.name}`, u.columns);
    for (const i of t.indexes) put(`index ${i.name}`, i.columns);
    for (const f of t.foreignKeys) put(`foreign key ${f.name}`, f);
  }
  for (const e of ir.enums) put(`enum ${e.name}`, e.values);
  return out;
}

function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  return keys.flatMap((k) => {
    const a = before.get(k);
    const b = after.get(k);
    if (a === b) return [];
    return [`${a === undefined ? "+" : b === undefined ? "-" : "~"} ${k}`];
  });
}

/** The intent of each step, written from the step's description, not from the compiler's output. */
const EXPECTED: Record<string, readonly string[]> = {
  add_comments: [
    "+ column comment.body", "+ column comment.id", "+ column comment.postId", "+ foreign key comment_postId_fkey",
    "+ index comment_postId_idx", "+ table comment",
  ],
  add_post_editor: ["+ column post.editorId", "+ foreign key post_editorId_fkey", "+ index post_editorId_idx"],
  rename_user_name_and_comment: [
    "+ column reply.body", "+ column reply.id", "+ column reply.postId", "+ column user.fullName", "+ foreign key reply_postId_fkey",
    "+ index reply_postId_idx", "+ table reply",
    "- column comment.body", "- column comment.id", "- column comment.postId", "- column user.name", "- foreign key comment_postId_fkey",
    "- index comment_postId_idx", "- table comment",
  ],
  widen_post_title: ["~ column post.title"],
  add_post_status: ["+ column post.status", "+ enum PostStatus"],
  add_status_archived: ["~ enum PostStatus"],
  remove_status_archived: ["~ enum PostStatus"],
  post_tags_entity: ["+ column post_tags.addedAt"],
  require_user_bio: ["~ column user.bio"],
  drop_post_body: ["- column post.body"],
  restrict_author_delete: ["~ foreign key post_authorId_fkey"],
};

describe("fixtures/evolution", () => {
  test("steps.json chains every version once, in order, with migration-ready names", () => {
    const versions = readdirSync(DIR).filter((f) => f.endsWith(".rel")).map((f) => f.slice(0, -4)).sort();
    expect(versions.length).toBeGreaterThanOrEqual(11);
    expect(steps.map((s) => s.from)).toEqual(versions.slice(0, -1));
    expect(steps.map((s) => s.to)).toEqual(versions.slice(1));
    for (const s of steps) {
      expect(s.name).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(typeof s.allowDataLoss).toBe("boolean");
      expect(s.what.length).toBeGreaterThan(10);
    }
    expect(new Set(steps.map((s) => s.name)).size).toBe(steps.length);
    expect(Object.keys(EXPECTED).sort()).toEqual(steps.map((s) => s.name).sort());
  });

  test.each(steps.map((s) => [`${s.from} → ${s.to} ${s.name}`, s] as const))("%s changes exactly what it names", (_, step) => {
    const got = changes(databaseObjects(compileVersion(step.from)), databaseObjects(compileVersion(step.to)));
    expect([...got].sort()).toEqual([...EXPECTED[step.name]!].sort());
  });

  test("the renames are declared where the step makes them, and stay harmlessly afterwards", () => {
    const at = steps.findIndex((s) => s.name === "rename_user_name_and_comment");
    for (const [i, s] of steps.entries()) {
      const ir = compileVersion(s.to);
      const fullName = ir.tables.find((t) => t.name === "user")!.columns.find((c) => c.name === "fullName");
      const reply = ir.tables.find((t) => t.name === "reply");
      if (i < at) {
        expect(fullName).toBeUndefined();
        expect(reply).toBeUndefined();
      } else {
        expect(fullName?.renamedFrom).toBe("name");
        expect(reply?.renamedFrom).toBe("Comment");
      }
    }
  });

  test("data loss is allowed exactly for the enum narrowing and the dropped column", () => {
    expect(steps.filter((s) => s.allowDataLoss).map((s) => s.name)).toEqual(["remove_status_archived", "drop_post_body"]);
    // a dropped column is the one change that always needs consent: every step with one must allow it
    for (const s of steps) if (EXPECTED[s.name]!.some((c) => c.startsWith("- column") && !s.name.startsWith("rename"))) expect(s.allowDataLoss).toBe(true);
  });
});
