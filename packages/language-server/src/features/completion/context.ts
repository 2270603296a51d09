/**
 * Where the cursor stands, read from the text before it (a half-typed line
 * does not parse, so the AST cannot say). Fields and attributes are written
 * one per line, so the line holds the attribute being typed; the enclosing
 * block comes from a scan of braces outside strings and comments.
 */
export type CursorContext =
  | { readonly kind: "top-level" }
  | { readonly kind: "type"; readonly owner: Block }
  | { readonly kind: "attribute"; readonly owner: Block; readonly block: boolean; readonly field?: FieldLine }
  | {
      readonly kind: "argument";
      readonly owner: Block;
      readonly attribute: string;
      readonly block: boolean;
      readonly field?: FieldLine;
      /** Positional index among the attribute's arguments (named ones not counted). */
      readonly index: number;
      /** `name:` of the argument being typed. */
      readonly option?: string;
      /** `Entity.` before the word being typed. */
      readonly qualifier?: string;
    }
  | { readonly kind: "none" };

export interface Block {
  readonly keyword: "entity" | "table" | "enum";
  readonly name: string;
}

export interface FieldLine {
  readonly name: string;
  readonly type: string;
}

export interface Cursor {
  readonly context: CursorContext;
  /** The word being typed, which a completion replaces: [start, offset). */
  readonly wordStart: number;
}

export function cursorContext(text: string, offset: number): Cursor {
  const lineStart = Math.max(text.lastIndexOf("\n", offset - 1) + 1, 0);
  const before = text.slice(lineStart, offset);
  const word = /[A-Za-z0-9_-]*$/.exec(before)![0];
  const wordStart = offset - word.length;
  const at = (context: CursorContext): Cursor => ({ context, wordStart });
  const owner = enclosingBlock(text, lineStart);
  if (owner === "comment") return at({ kind: "none" });
  if (!owner) return at(/^\s*[A-Za-z]*$/.test(before) ? { kind: "top-level" } : { kind: "none" });
  if (owner.keyword === "enum" || inCommentOrString(before)) return at({ kind: "none" });

  const fieldMatch = /^\s*([A-Za-z_]\w*)\s+([A-Za-z_]\w*)/.exec(before);
  const field = fieldMatch ? { name: fieldMatch[1]!, type: fieldMatch[2]! } : undefined;
  if (/^\s*[A-Za-z_]\w*\s+[A-Za-z_]*$/.test(before)) return at({ kind: "type", owner });

  const open = openAttribute(before);
  if (open === undefined) return at({ kind: "none" });
  if (open.args === undefined) return at({ kind: "attribute", owner, block: open.block, ...(field && !open.block ? { field } : {}) });
  return at({ kind: "argument", owner, attribute: open.name, block: open.block, ...(field && !open.block ? { field } : {}), ...open.args });
}

/** The block around `offset` (`entity X {`), "comment" inside a block comment, undefined at top level. */
function enclosingBlock(text: string, offset: number): Block | "comment" | undefined {
  const stack: Array<Block | undefined> = [];
  let i = 0;
  while (i < offset) {
    const c = text[i]!;
    if (c === "/" && text[i + 1] === "/") i = lineEnd(text, i);
    else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0 || end + 2 > offset) return "comment";
      i = end + 2;
    } else if (c === '"') i = stringEnd(text, i);
    else if (c === "{") {
      const header = /(entity|table|enum)\s+([A-Za-z_]\w*)\s*$/.exec(text.slice(Math.max(0, i - 200), i));
      stack.push(header ? { keyword: header[1] as Block["keyword"], name: header[2]! } : undefined);
      i++;
    } else if (c === "}") {
      stack.pop();
      i++;
    } else i++;
  }
  return stack.at(-1);
}

function lineEnd(text: string, i: number): number {
  const end = text.indexOf("\n", i);
  return end < 0 ? text.length : end;
}

function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === '"' || text[j] === "\n") return j + 1;
  }
  return text.length;
}

function inCommentOrString(line: string): boolean {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\" && inString) i++;
    else if (line[i] === '"') inString = !inString;
    else if (!inString && line.startsWith("//", i)) return true;
  }
  return inString;
}

interface OpenAttribute {
  readonly name: string;
  readonly block: boolean;
  readonly args?: { index: number; option?: string; qualifier?: string };
}

/** The attribute the line ends inside: its name being typed (`@ref`), or its open argument list (`@through(Tag, from: `). */
function openAttribute(line: string): OpenAttribute | undefined {
  const tokens = [...line.matchAll(/@@?[A-Za-z_]*|[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"?|[()[\],:.]/g)].map((m) => m[0]);
  let current: { name: string; block: boolean; depth: number; index: number; option?: string; tokens: string[] } | undefined;
  let pendingName: { name: string; block: boolean } | undefined;
  for (const t of tokens) {
    if (current) {
      if (t === "(" || t === "[") current.depth++;
      else if (t === ")" || t === "]") {
        if (--current.depth === 0) current = undefined;
      } else if (t === "," && current.depth === 1) {
        current.index += current.option === undefined ? 1 : 0;
        delete current.option;
        current.tokens = [];
      } else if (t === ":" && current.depth === 1) {
        current.option = current.tokens.at(-1);
        current.tokens = [];
      } else current.tokens.push(t);
      continue;
    }
    if (t.startsWith("@")) {
      pendingName = { name: t.replace(/^@@?/, ""), block: t.startsWith("@@") };
    } else if (t === "(" && pendingName) {
      current = { ...pendingName, depth: 1, index: 0, tokens: [] };
      pendingName = undefined;
    } else pendingName = undefined;
  }
  if (current) {
    const qualifier = current.tokens.at(-1) === "." ? current.tokens.at(-2) : current.tokens.at(-2) === "." ? current.tokens.at(-3) : undefined;
    return { name: current.name, block: current.block, args: { index: current.index, ...(current.option ? { option: current.option } : {}), ...(qualifier ? { qualifier } : {}) } };
  }
  // `@na|` at the very end: the name is being typed
  const last = tokens.at(-1);
  if (pendingName && last?.startsWith("@") && line.endsWith(last)) return pendingName;
  return undefined;
}
