import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
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

const SOURCE_CLI = fileURLToPath(new URL("../../src/cli/run.ts", import.meta.url));
const TSX = pathToFileURL(fileURLToPath(new URL("../../../../node_modules/tsx/dist/loader.mjs", import.meta.url))).href;

/** Starts `relgen` from the sources as a real process (as the bin does before a build), in `cwd`. */
export function spawnRelgen(cwd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--conditions=source", "--import", TSX, SOURCE_CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs `relgen` as a real process to its end. */
export function relgenProcess(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const child = spawnRelgen(cwd, args, env);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on("close", (code) => done({ code: code ?? -1, stdout, stderr })));
}

/** Every file under `dir` (hidden ones included) as POSIX path → contents, sorted. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(join(d, entry.name), `${rel}/`);
      else out[rel] = entry.isSymbolicLink() ? `-> ${readlinkSync(join(d, entry.name))}` : readFileSync(join(d, entry.name), "utf8");
    }
  };
  if (existsSync(dir)) walk(dir, "");
  return out;
}

/** A second, unrelated schema. */
export const LIBRARY = `
entity Author {
  id    Int    @id @default(autoincrement())
  name  String(80)
  books Book[] @backref(author)
}

entity Book {
  id       Int    @id @default(autoincrement())
  title    String(200)
  authorId Int    @references(Author.id)
}
`;
