import { introspect, introspectDetails, openUrl } from "@relgen/runtime/migrate";
import { inferSchema } from "./infer.js";
import type { PulledSchema } from "./model.js";
import { printSchema } from "./print.js";

export interface PullResult {
  readonly schema: PulledSchema;
  /** The `.rel` text. */
  readonly text: string;
  /** One line each: what the database has that the schema cannot say (also at the top of `text`). */
  readonly warnings: readonly string[];
}

/**
 * Reads the database at `url` (a SQLite path, `postgres://…`, `mysql://…`)
 * and returns the `.rel` schema that describes it. Only reads: one
 * connection, catalog queries only, closed before returning.
 */
export async function pullSchema(url: string): Promise<PullResult> {
  const { driver, dialect } = await openUrl(url, { mustExist: true });
  try {
    // Both reads on one connection: given the driver, each would take its own (a pool may hand out two sessions).
    const connection = await driver.acquire();
    let catalog, details;
    try {
      catalog = await introspect(connection, dialect);
      details = await introspectDetails(connection, dialect);
    } finally {
      connection.release();
    }
    const schema = inferSchema(catalog, details);
    return { schema, text: printSchema(schema), warnings: schema.notes };
  } finally {
    await driver.close();
  }
}
