import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import oniguruma from "vscode-oniguruma";
import textmate from "vscode-textmate";

// The grammar run by the same engine VS Code runs it with (vscode-textmate on
// the Oniguruma regex library compiled to WebAssembly), so a test sees the
// scopes an editor would show.

export const GRAMMAR_PATH = fileURLToPath(new URL("../../syntaxes/rel.tmLanguage.json", import.meta.url));
const SCOPE = "source.rel";

/** The scopes of every character of a text, innermost last (as VS Code's "Inspect Editor Tokens" lists them). */
export class ScopedText {
  constructor(
    readonly text: string,
    readonly scopesByOffset: readonly (readonly string[])[],
  ) {}

  scopesAt(offset: number): readonly string[] {
    return this.scopesByOffset[offset] ?? [];
  }

  /** Whether some scope at `offset` is `family` or below it (`comment` covers `comment.line.double-slash.rel`). */
  has(offset: number, family: string): boolean {
    return this.scopesAt(offset).some((s) => s === family || s.startsWith(`${family}.`));
  }
}

let loaded: Promise<textmate.IGrammar> | undefined;

export function relGrammar(): Promise<textmate.IGrammar> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<textmate.IGrammar> {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => (scope === SCOPE ? textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, "utf8"), GRAMMAR_PATH) : null),
  });
  const grammar = await registry.loadGrammar(SCOPE);
  if (!grammar) throw new Error(`${GRAMMAR_PATH} did not load as ${SCOPE}`);
  return grammar;
}

/** Tokenizes `text` line by line, carrying the rule stack across lines as the editor does. */
export async function tokenize(text: string): Promise<ScopedText> {
  const grammar = await relGrammar();
  const scopes: (readonly string[])[] = new Array(text.length);
  let state = textmate.INITIAL;
  // the line breaks the dsl's LineIndex counts: \n, \r\n and a lone \r
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  for (;;) {
    const found = breaks.exec(text);
    const end = found ? found.index : text.length;
    const result = grammar.tokenizeLine(text.slice(start, end), state);
    for (const token of result.tokens) {
      for (let i = token.startIndex; i < Math.min(token.endIndex, end - start); i++) scopes[start + i] = token.scopes;
    }
    state = result.ruleStack;
    if (!found) break;
    start = found.index + found[0].length;
  }
  return new ScopedText(text, scopes);
}
