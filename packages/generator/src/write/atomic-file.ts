import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * One file written whole or not at all: a crash or a full disk mid-write must
 * not leave a half-written schema, so the text goes beside it, then is renamed
 * over it. For single files the user names (`relgen format`, `relgen pull
 * --out`); generated folders go through the writer's manifest and lock.
 */
export function writeFileAtomically(file: string, text: string, tag: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.relgen-${tag}.tmp`);
  try {
    writeFileSync(temp, text, "utf8");
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
