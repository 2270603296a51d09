import { FOREIGN_KEYS_OFF_DIRECTIVE, IRREVERSIBLE_DIRECTIVE } from "@relgen/runtime/migrate";
import type { Dialect } from "../contract.js";
import { dialectFor } from "../dialects/index.js";
import { tidySql } from "../render/format.js";
import { sqlHeader } from "../views/header.js";
import { invertedRenames, type SchemaChange } from "./changes.js";
import { diffSnapshots } from "./diff.js";
import { irreversibleReason } from "./losses.js";
import type { MigrationPlan } from "./plan.js";
import type { SchemaSnapshot } from "./snapshot-types.js";
import { MigrationContext } from "./sql/context.js";
import { MysqlWriter } from "./sql/mysql-writer.js";
import { PostgresWriter } from "./sql/postgres-writer.js";
import { SqliteWriter } from "./sql/sqlite-writer.js";
import type { Step } from "./sql/steps.js";

export interface MigrationFiles {
  readonly up: string;
  readonly down: string;
}

export interface MigrationFileOptions {
  /** The migration's id, e.g. `0002_add_nickname`. */
  readonly id: string;
  /** Shown in the header, e.g. "schema.rel". */
  readonly sourceName: string;
}

/**
 * The up and down SQL of a plan for one engine. The down is the plan of the
 * reverse change (next -> previous, renames turned around), so it is written
 * by the same code as the up; when the up loses data, the down is a file that
 * refuses to run, saying why.
 */
export function renderMigration(
  plan: MigrationPlan,
  previous: SchemaSnapshot,
  dialect: Dialect,
  options: MigrationFileOptions,
): MigrationFiles {
  const up = sqlFile(previous, plan.next, plan.changes, dialect, options, "up");
  const irreversible = irreversibleReason(plan.changes);
  if (irreversible !== undefined) {
    return { up, down: tidySql([sqlHeader(options.sourceName), `${IRREVERSIBLE_DIRECTIVE} ${irreversible}`, `-- Dialect: ${dialect}. Reverts ${options.id}.sql: not possible.`].join("\n")) };
  }
  const reverse = diffSnapshots(plan.next, previous, invertedRenames(plan.changes));
  return { up, down: sqlFile(plan.next, previous, reverse, dialect, options, "down") };
}

function sqlFile(
  from: SchemaSnapshot,
  to: SchemaSnapshot,
  changes: readonly SchemaChange[],
  dialect: Dialect,
  options: MigrationFileOptions,
  direction: "up" | "down",
): string {
  const ctx = new MigrationContext(from, to, changes, dialectFor(dialect));
  let steps: Step[];
  const directives: string[] = [];
  if (dialect === "sqlite") {
    const writer = new SqliteWriter(ctx);
    steps = writer.steps();
    if (writer.needsForeignKeysOff()) directives.push(FOREIGN_KEYS_OFF_DIRECTIVE);
  } else {
    steps = (dialect === "postgres" ? new PostgresWriter(ctx) : new MysqlWriter(ctx)).steps();
  }
  const what = direction === "up" ? `Migration ${options.id}` : `Reverts ${options.id}.sql`;
  const lines = [sqlHeader(options.sourceName), ...directives, `-- Dialect: ${dialect}. ${what}.`];
  for (const s of steps) {
    lines.push("", `-- ${s.comment}`, ...(s.notes ?? []).map((n) => `-- ${n}`), ...s.statements);
  }
  return tidySql(lines.join("\n"));
}

/**
 * A hand-written migration's skeleton (`relgen migrate dev --empty`): it joins
 * the sequence like a generated one. The down refuses to run until the user
 * writes it, so an unwritten down never silently does nothing.
 */
export function renderEmptyMigration(dialect: Dialect, options: MigrationFileOptions): MigrationFiles {
  // Not the generated-file header: the writer treats files carrying it as its own (and may replace them).
  const origin = `created by \`relgen migrate dev --empty\` for ${options.sourceName}`;
  const up = [
    `-- Hand-written migration ${options.id} (${dialect}), ${origin}.`,
    "-- Write the SQL of this step below, each statement ending with `;`. It runs in one",
    "-- transaction where the engine allows it (on MySQL each DDL statement commits by itself).",
    "-- Edit this file only before it is applied anywhere: the migrator checks its checksum.",
  ];
  const down = [
    `-- Hand-written migration ${options.id} (${dialect}), down, ${origin}.`,
    `${IRREVERSIBLE_DIRECTIVE} ${options.id} is hand-written and its down is not written yet; replace this line with the SQL that undoes ${options.id}.sql`,
    "-- Write below the statements that undo the up file, in reverse order.",
  ];
  return { up: tidySql(up.join("\n")), down: tidySql(down.join("\n")) };
}
