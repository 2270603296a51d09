import { FOREIGN_KEYS_OFF_DIRECTIVE, IRREVERSIBLE_DIRECTIVE } from "./format.js";

export interface SplitOptions {
  /**
   * Whether a backslash escapes the next character inside '…' and "…"
   * (MySQL's default). PostgreSQL and SQLite keep backslashes literal, except
   * in PostgreSQL's E'…' strings, which are always read with escapes.
   */
  readonly backslashEscapes?: boolean;
}

/** Bodies whose semicolons do not end the statement: triggers, procedures, functions, events (BEGIN … END). */
const BLOCK_STATEMENT = /^CREATE\b[\s\S]*?\b(TRIGGER|PROCEDURE|FUNCTION|EVENT)\b/i;
/** `END IF`, `END LOOP`…: they close a block that was never counted as opened. */
const UNCOUNTED_END = /^\s+(IF|LOOP|WHILE|REPEAT)\b/i;

/**
 * The statements of a migration file, in order, each without its final `;`
 * and without the comment lines and blank lines before it (so its first line
 * is the statement itself). Semicolons inside quotes ('…', "…", `…`),
 * comments (-- and /* *\/), dollar-quoted bodies ($$…$$, $tag$…$tag$) and
 * the BEGIN … END body of a CREATE TRIGGER / PROCEDURE / FUNCTION do not
 * split. A file of only comments has no statements.
 */
export function splitStatements(sql: string, options: SplitOptions = {}): string[] {
  const statements: string[] = [];
  let start = 0;
  let depth = 0;
  let i = 0;
  const n = sql.length;
  const push = (end: number) => {
    const text = stripLeadingComments(sql.slice(start, end)).trimEnd();
    if (text !== "") statements.push(text);
  };
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "-" && next === "-") {
      const eol = sql.indexOf("\n", i);
      i = eol === -1 ? n : eol + 1;
    } else if (c === "/" && next === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close === -1 ? n : close + 2;
    } else if (c === "'" || c === '"' || c === "`") {
      const escapes = c !== "`" && (options.backslashEscapes === true || (c === "'" && isEscapeStringPrefix(sql, i)));
      i = skipQuoted(sql, i, c, escapes);
    } else if (c === "$" && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? "")) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag === null) {
        i++;
      } else {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? n : close + tag[0].length;
      }
    } else if (/[A-Za-z_]/.test(c) && !/[A-Za-z0-9_$]/.test(sql[i - 1] ?? "")) {
      const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 64))![0];
      const upper = word.toUpperCase();
      if ((upper === "BEGIN" || upper === "CASE") && BLOCK_STATEMENT.test(stripLeadingComments(sql.slice(start, i))))
        depth++;
      else if (upper === "END" && depth > 0 && !UNCOUNTED_END.test(sql.slice(i + 3, i + 20))) depth--;
      i += word.length;
    } else if (c === ";" && depth === 0) {
      push(i);
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  push(n);
  return statements;
}

/** PostgreSQL's E'…' (escape string): the E must be a word of its own. */
function isEscapeStringPrefix(sql: string, quote: number): boolean {
  const prev = sql[quote - 1];
  return (prev === "E" || prev === "e") && !/[A-Za-z0-9_]/.test(sql[quote - 2] ?? "");
}

/** The index after the closing quote (a doubled quote is an escaped one). */
function skipQuoted(sql: string, open: number, quote: string, backslashEscapes: boolean): number {
  let i = open + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === "\\") {
      i += 2;
    } else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length;
}

function stripLeadingComments(text: string): string {
  let rest = text;
  for (;;) {
    const trimmed = rest.trimStart();
    if (trimmed.startsWith("--")) {
      const eol = trimmed.indexOf("\n");
      rest = eol === -1 ? "" : trimmed.slice(eol + 1);
    } else if (trimmed.startsWith("/*")) {
      const close = trimmed.indexOf("*/");
      rest = close === -1 ? "" : trimmed.slice(close + 2);
    } else {
      return trimmed;
    }
  }
}

/** The directive comments at the top of a file (before its first statement). */
export interface Directives {
  /** The reason after `-- relgen:irreversible`, when the file has it ("" when it gives none). */
  readonly irreversible?: string;
  readonly foreignKeysOff: boolean;
}

export function readDirectives(sql: string): Directives {
  let irreversible: string | undefined;
  let foreignKeysOff = false;
  for (const raw of sql.replace(/^\uFEFF/, "").split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    if (!line.startsWith("--")) break;
    if (startsWithWord(line, IRREVERSIBLE_DIRECTIVE)) irreversible = line.slice(IRREVERSIBLE_DIRECTIVE.length).trim();
    else if (startsWithWord(line, FOREIGN_KEYS_OFF_DIRECTIVE)) foreignKeysOff = true;
  }
  return irreversible === undefined ? { foreignKeysOff } : { irreversible, foreignKeysOff };
}

function startsWithWord(line: string, directive: string): boolean {
  return line.startsWith(directive) && (line.length === directive.length || /\s/.test(line[directive.length]!));
}
