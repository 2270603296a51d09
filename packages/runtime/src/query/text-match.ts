import type { SqlBuilder } from "./sql-builder.js";

export type TextOperator = "contains" | "startsWith" | "endsWith";

/**
 * The LIKE escape character. Not backslash: under MySQL's
 * NO_BACKSLASH_ESCAPES a backslash in a string literal means something else,
 * while `!` means itself in every sql_mode and on every engine.
 */
const ESCAPE = "!";

/**
 * `contains` / `startsWith` / `endsWith` over a text column, the user's text
 * taken literally (bound, with `%` `_` escaped) and case-sensitive on every
 * engine unless `insensitive`: each engine's plain LIKE differs (SQLite folds
 * ASCII case, MariaDB's default collations fold case and accents, PostgreSQL
 * folds nothing), so each gets the spelling that means the same.
 */
export function textMatch(sb: SqlBuilder, target: string, op: TextOperator, text: string, insensitive: boolean): string {
  switch (sb.dialect.name) {
    case "sqlite":
      // GLOB is case-sensitive whatever PRAGMA case_sensitive_like says; lower() folds ASCII only.
      return insensitive
        ? `lower(${target}) LIKE lower(${sb.param(likePattern(op, text))}) ESCAPE '${ESCAPE}'`
        : `${target} GLOB ${sb.param(globPattern(op, text))}`;
    case "postgres":
      return `${target} ${insensitive ? "ILIKE" : "LIKE"} ${sb.param(likePattern(op, text))} ESCAPE '${ESCAPE}'`;
    case "mysql":
      // A binary collation compares code points: no case or accent folding from the column's collation.
      return insensitive
        ? `LOWER(${target}) COLLATE utf8mb4_bin LIKE LOWER(${sb.param(likePattern(op, text))}) ESCAPE '${ESCAPE}'`
        : `${target} COLLATE utf8mb4_bin LIKE ${sb.param(likePattern(op, text))} ESCAPE '${ESCAPE}'`;
  }
}

function likePattern(op: TextOperator, text: string): string {
  const literal = text.replace(/[!%_]/g, (c) => ESCAPE + c);
  return op === "contains" ? `%${literal}%` : op === "startsWith" ? `${literal}%` : `%${literal}`;
}

/** GLOB has no escape character; a metacharacter inside brackets is literal. */
function globPattern(op: TextOperator, text: string): string {
  const literal = text.replace(/[*?[]/g, (c) => `[${c}]`);
  return op === "contains" ? `*${literal}*` : op === "startsWith" ? `${literal}*` : `*${literal}`;
}
