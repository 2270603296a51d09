import { RelgenError } from "../errors/relgen-error.js";

/**
 * The migrator's errors. Each is thrown before the database changes, except
 * {@link MigrationFailedError}, which says exactly what did change.
 */

/** The migrations folder is missing, holds a file the migrator does not know, or lacks a file it needs. */
export class MigrationsFolderError extends RelgenError {
  override readonly name = "MigrationsFolderError";
  constructor(
    message: string,
    /** The file or folder at fault. */
    readonly path: string,
  ) {
    super(message);
  }
}

/** Applied migrations whose up file changed since they ran. */
export class ChecksumMismatchError extends RelgenError {
  override readonly name = "ChecksumMismatchError";
  constructor(readonly edited: readonly { id: string; path: string; applied: string; current: string }[]) {
    super(
      `${edited.length === 1 ? "An applied migration was edited after it ran" : `${edited.length} applied migrations were edited after they ran`}, ` +
        `so the files no longer describe this database:\n` +
        edited
          .map(
            (e) =>
              `  ${e.path}: applied with checksum ${e.applied.slice(0, 12)}…, the file now has ${e.current.slice(0, 12)}…`,
          )
          .join("\n") +
        `\nNothing was run. Restore the files as they were (for example \`git checkout -- <file>\`) and put the change ` +
        `in a new migration (\`relgen migrate dev\`, or \`--empty\` for hand-written SQL).`,
    );
  }
}

/** The database's schema is not what its applied migrations produce. */
export class SchemaDriftError extends RelgenError {
  override readonly name = "SchemaDriftError";
  constructor(
    /** The newest applied migration the comparison was made against, or undefined when none is applied. */
    readonly against: string | undefined,
    readonly differences: readonly string[],
  ) {
    super(
      `The database schema differs from what ${against === undefined ? "an empty migration history (no migration applied yet)" : `the applied migrations (up to ${against})`} produce:\n` +
        differences.map((d) => `  - ${d}`).join("\n") +
        `\nNothing was run. Someone changed the schema outside the migrations: undo that change by hand, or capture ` +
        `it in the schema and a new migration (\`relgen migrate dev\`), then run the command again.`,
    );
  }
}

/** A statement of a migration failed. */
export class MigrationFailedError extends RelgenError {
  override readonly name = "MigrationFailedError";
  constructor(
    message: string,
    readonly id: string,
    /** 1-based number of the failing statement. */
    readonly statement: number,
    readonly statementsTotal: number,
    /** How many statements are in the database (0 where the engine rolled the migration back). */
    readonly statementsDone: number,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** A down file that says it cannot undo its migration. */
export class IrreversibleMigrationError extends RelgenError {
  override readonly name = "IrreversibleMigrationError";
  constructor(
    readonly id: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(
      `Migration ${id} cannot be undone: ${reason || "its down file is marked irreversible"} (${path}). Nothing was run. ` +
        `Restore the data from a backup, or write the undo as a new forward migration (\`relgen migrate dev\`).`,
    );
  }
}

/** Another deploy held the migration lock for longer than `lockTimeoutMs`. */
export class MigrationLockError extends RelgenError {
  override readonly name = "MigrationLockError";
  constructor(
    readonly lock: string,
    readonly waitedMs: number,
  ) {
    super(
      `Another migration run holds the lock ${lock} and did not release it within ${waitedMs} ms. Nothing was run. ` +
        `Wait for it to finish and run the command again, or raise lockTimeoutMs; a run that crashed releases the lock ` +
        `when its connection closes.`,
    );
  }
}

/** The database library for the URL is not installed (pg and mysql2 are optional peer dependencies). */
export class MissingDriverError extends RelgenError {
  override readonly name = "MissingDriverError";
  constructor(
    readonly packageName: string,
    options: { cause: unknown },
  ) {
    super(
      `Connecting to this database needs the package ${packageName}, which is not installed. Run \`npm install ${packageName}\` and try again.`,
      options,
    );
  }
}

/** A call the migrator cannot act on: no URL, an unknown URL scheme, an unknown `to`, a schema that does not exist. */
export class MigrationUsageError extends RelgenError {
  override readonly name = "MigrationUsageError";
}
