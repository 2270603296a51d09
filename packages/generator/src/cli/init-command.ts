import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { InitArgs } from "./args.js";
import { emit } from "./json-report.js";
import { ExitCode, type CliIo } from "./io.js";
import { say } from "./report.js";

const STARTER = `// A starter schema: edit it, then run \`relgen build\`.
// The language: docs/language.md and docs/reference.md in the relgen repository.

/// Someone who writes posts.
entity User {
  id    Int        @id @default(autoincrement())
  email String(200) @unique
  posts Post[]     @backref(author)
}

entity Post {
  id       Int         @id @default(autoincrement())
  title    String(200)
  authorId Int         @references(User.id) @onDelete(cascade)
}
`;

/**
 * `relgen init`: a starter schema and config. Never overwrites: an existing
 * file is the user's work, so it is kept and reported, and a second run is a no-op.
 */
export function runInit(args: InitArgs, io: CliIo): ExitCode {
  const configPath = resolve(io.cwd, "relgen.config.json");
  // The config names the schema relative to itself, as every config path is.
  const config = `${JSON.stringify({ schema: relative(dirname(configPath), resolve(io.cwd, args.schema)), out: args.out }, null, 2)}\n`;
  const created: string[] = [];
  const kept: string[] = [];
  for (const [path, text] of [
    [resolve(io.cwd, args.schema), STARTER],
    [configPath, config],
  ] as const) {
    const shown = relative(io.cwd, path);
    if (existsSync(path)) {
      kept.push(shown);
      say(io, args.format, `relgen: kept ${shown}: it exists already (init never overwrites)`);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { flag: "wx" });
    created.push(shown);
    say(io, args.format, `relgen: created ${shown}`);
  }
  say(io, args.format, "relgen: next, run `relgen build` to generate the models and the first migration");
  emit(io, { schema: args.schema, config: "relgen.config.json", created, kept });
  return ExitCode.ok;
}
