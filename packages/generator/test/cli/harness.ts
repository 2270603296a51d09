import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A scratch project directory with the given files. */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "relgen-cli-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Runs the CLI in-process with captured output, as if from `cwd`. */
export async function relgen(cwd: string, args: string[], env: Record<string, string> = {}, tty = false): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    cwd,
    env,
    stdout: { write: (t: string) => (stdout += t), isTTY: tty },
    stderr: { write: (t: string) => (stderr += t), isTTY: tty },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export const BLOG = `
/// Someone who writes.
entity User {
  id    Int    @id @default(autoincrement())
  name  String(80) @unique
  posts Post[] @backref(author) @cascade(all, delete-orphan)
}

entity Post {
  id     Int    @id @default(autoincrement())
  title  String(200)
  userId Int    @references(User.id) @onDelete(cascade)
}
`;
