/**
 * Templates fill their sections with text the views already laid out (see
 * ts-layout.ts); what is left is what Prettier does between statements: at
 * most one blank line, none just inside braces, `{}` for an empty body, one
 * final newline. Block comments never hold an empty line (blank comment
 * lines are ` *`) and string literals hold no raw newline, so this cannot
 * change either.
 */
export function tidyTypeScript(source: string): string {
  let text = dropTrailingSpaces(source);
  if (text.includes("\n\n\n")) text = text.replace(/\n{3,}/g, "\n\n");
  if (text.includes("{\n\n")) text = text.replace(/\{\n\n/g, "{\n");
  text = text.replace(/\n\n(?=[ ]*\})/g, "\n").replace(/\{\n[ ]*\}/g, "{}");
  return `${text.trim()}\n`;
}

/**
 * Spaces and tabs at the ends of lines removed. Most generated files have
 * none, and finding that out with `includes` is much cheaper than running
 * the regex, which tries a match at every space of the file.
 */
function dropTrailingSpaces(text: string): string {
  return text.includes(" \n") || text.includes("\t\n") ? text.replace(/[ \t]+(?=\n)/g, "") : text;
}

// Loaded on first use, and only for a model with an inline `@type("...")` text relgen does not lay out
// itself (Prettier is the largest thing relgen loads, ~200 ms).
let prettier: Promise<typeof import("prettier")> | undefined;

/**
 * Fixed Prettier options: generated code must be byte-identical everywhere, so
 * a user's .prettierrc is never read (`format` does not look for one).
 */
export const PRETTIER_OPTIONS = {
  // Babel's TypeScript parser prints our output byte for byte like the
  // typescript parser (every golden agrees) and is ~20% faster on large
  // schemas, with a third of the code to load.
  parser: "babel-ts",
  printWidth: 100,
  singleQuote: false,
  trailingComma: "all",
  semi: true,
  tabWidth: 2,
  useTabs: false,
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
} as const;

export async function formatTypeScript(source: string, path: string): Promise<string> {
  try {
    const { format } = await (prettier ??= import("prettier"));
    return await format(source, PRETTIER_OPTIONS);
  } catch (error) {
    // A template or view produced invalid TypeScript: say which file, keep Prettier's position.
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`relgen internal error: generated ${path} is not valid TypeScript: ${message}`);
  }
}

/**
 * SQL is laid out by its template; only normalise blank lines and the final
 * newline. Only "\n" ends a line here: with the `m` flag `$` would also match
 * before U+2028/U+2029 and CR, which can stand inside a string default, and
 * the spaces before them would be lost.
 */
export function tidySql(source: string): string {
  let text = dropTrailingSpaces(source.includes("\r\n") ? source.replace(/\r\n/g, "\n") : source);
  if (text.includes("\n\n\n")) text = text.replace(/\n{3,}/g, "\n\n");
  return `${text.trimEnd()}\n`;
}
