// Fills a server's fresh tables with the seed rows: multi-row INSERTs with
// bound parameters, a chunk at a time.
import { COLUMNS, seedRows, TABLES } from "../data.js";
import type { Size } from "../protocol.js";

const CHUNK = 500;

export async function fillTables(
  size: Size,
  q: (name: string) => string,
  placeholder: (index: number) => string,
  exec: (sql: string, params: unknown[]) => Promise<void>,
): Promise<void> {
  const rows = seedRows(size);
  for (const table of TABLES) {
    const columns = COLUMNS[table];
    for (let i = 0; i < rows[table].length; i += CHUNK) {
      const part = rows[table].slice(i, i + CHUNK);
      let n = 0;
      const values = part.map(() => `(${columns.map(() => placeholder(++n)).join(", ")})`).join(", ");
      await exec(`INSERT INTO ${q(table)} (${columns.map(q).join(", ")}) VALUES ${values}`, part.flat());
    }
  }
}

/** The tables a write workload changes, children last. */
export const WRITTEN = ["users", "posts", "comments"] as const;
