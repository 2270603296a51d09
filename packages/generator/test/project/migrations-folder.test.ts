import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderSnapshot, snapshotOf } from "../../src/migrate/index.js";
import { readMigrationsFolder } from "../../src/project/migrations-folder.js";
import { OutputError } from "../../src/write/errors.js";
import { BASE } from "../migrate/cases.js";
import { compile } from "../migrate/support.js";

// `build --watch` reads the newest snapshot every build; it is parsed once per text.
describe("readMigrationsFolder's newest snapshot", () => {
  const folder = (snapshot: string) => {
    const dir = mkdtempSync(join(tmpdir(), "relgen-migrations-"));
    mkdirSync(join(dir, "snapshots"));
    writeFileSync(join(dir, "snapshots/0001_init.json"), snapshot);
    return dir;
  };

  it("is parsed once while its text stays the same, and read anew when the file changes", async () => {
    const first = snapshotOf(compile(BASE));
    const dir = folder(renderSnapshot(first));
    const read = await readMigrationsFolder(dir);
    expect(read.latest?.snapshot).toEqual(first);
    expect((await readMigrationsFolder(dir)).latest?.snapshot).toBe(read.latest?.snapshot);

    // the same path, other text (a snapshot restored from version control, say)
    const second = snapshotOf(compile(`${BASE}\nentity Extra {\n  id Int @id\n}\n`));
    writeFileSync(join(dir, "snapshots/0001_init.json"), renderSnapshot(second));
    expect((await readMigrationsFolder(dir)).latest?.snapshot).toEqual(second);

    writeFileSync(join(dir, "snapshots/0001_init.json"), "{ truncated");
    await expect(readMigrationsFolder(dir)).rejects.toThrow(OutputError);
  });
});
