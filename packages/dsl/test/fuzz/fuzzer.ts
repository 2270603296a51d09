import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileSource, type CompileResult } from "@relgen/dsl";
import { rng } from "./rng.js";

/**
 * A seeded, deterministic fuzzer of `compileSource`, shared by the vitest
 * suite (compile.fuzz.test.ts) and `npm run fuzz` (scripts/fuzz.ts). Inputs
 * are mostly grammar-aware mutations of the fixtures' schemas (tokens
 * deleted, duplicated, swapped, replaced by hostile names and numbers, deep
 * nesting, unicode, truncation), plus some random text. Input `i` of seed `s`
 * is always the same text, so a failure is reproduced from its seed and index.
 */

export const FILE = "fuzz.rel";
/** `npm run fuzz` fails an input slower than this; the vitest suite times nothing (a loaded machine is no measure). */
export const SLOW_MS = 2_000;


const HOSTILE_NAMES = [
  "constructor", "toString", "__proto__", "hasOwnProperty", "valueOf", "prototype", "isPrototypeOf",
  "propertyIsEnumerable", "toLocaleString", "__defineGetter__", "then", "length", "name", "entity", "table",
  "enum", "import", "true", "null", "id", "Int", "String", "autoincrement", "now", "uuid", "asc", "desc",
];
const HOSTILE_NUMBERS = [
  `${"9".repeat(321)}.5`, "9".repeat(400), "-" + "9".repeat(40), "1e999", "-0", "0", "0x1F", "0b1", "1_000", "1.2.3",
  "--1", "NaN", "Infinity", "-1", "2147483648", "9223372036854775808", "0.000000000000000000001", "00012",
];
const UNICODE = ["é", "名前", "𝓍", "\u200b", "\ufeff", "\u0000", "\u2028", "\r", "\r\n", "\t", "😀", "\ud800", "ß", "İ"];
const PUNCT = ["{", "}", "(", ")", "[", "]", "@", "@@", ",", ":", ".", "?", '"', "//", "/*", "*/", "///", "\\", "-", ";", "'"];

/** Roughly the language's tokens, with the whitespace between them kept as tokens too. */
const TOKEN = /\s+|\/\/\/?[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"?|-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_-]*|@@|./gu;

function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** The fixtures' schemas (every .rel file under fixtures/), in a fixed order. */
export function loadCorpus(): string[] {
  const root = fileURLToPath(new URL("../../../../fixtures/", import.meta.url));
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === "node_modules" || name === "expected") continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".rel")) out.push(readFileSync(p, "utf8"));
    }
  };
  walk(root);
  return out;
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function nesting(r: () => number): string {
  const depth = pick(r, [2, 31, 33, 230, 1_000, 20_000]);
  const open = pick(r, ["[", "(", "{", "@default(["]);
  return open.repeat(depth) + (r() < 0.5 ? '"x"' + "]".repeat(depth) : "");
}

function junk(r: () => number): string {
  const kind = Math.floor(r() * 5);
  if (kind === 0) return pick(r, HOSTILE_NAMES);
  if (kind === 1) return pick(r, HOSTILE_NUMBERS);
  if (kind === 2) return pick(r, UNICODE);
  if (kind === 3) return pick(r, PUNCT);
  return nesting(r);
}

/** One mutation step on a token list. */
function mutate(r: () => number, tokens: string[]): void {
  const at = Math.floor(r() * (tokens.length + 1));
  const other = Math.floor(r() * tokens.length);
  switch (Math.floor(r() * 9)) {
    case 0: tokens.splice(at, 1); break; // delete
    case 1: tokens.splice(at, 0, tokens[other] ?? ""); break; // duplicate another token here
    case 2: [tokens[at], tokens[other]] = [tokens[other] ?? "", tokens[at] ?? ""]; break; // swap
    case 3: if (/^[A-Za-z_]/.test(tokens[at] ?? "")) tokens[at] = pick(r, HOSTILE_NAMES); else tokens.splice(at, 0, " ", pick(r, HOSTILE_NAMES), " "); break;
    case 4: if (/^-?\d/.test(tokens[at] ?? "")) tokens[at] = pick(r, HOSTILE_NUMBERS); else tokens.splice(at, 0, pick(r, HOSTILE_NUMBERS)); break;
    case 5: tokens.splice(at, 0, junk(r)); break;
    case 6: tokens.splice(at, 0, pick(r, UNICODE)); break;
    case 7: tokens.splice(at, 0, pick(r, PUNCT)); break;
    default: { // copy a run of tokens elsewhere (duplicate declarations, fields, attributes)
      const len = 1 + Math.floor(r() * 20);
      tokens.splice(at, 0, ...tokens.slice(other, other + len));
    }
  }
}

/** A few random names used consistently, so that random schemas sometimes resolve. */
function randomText(r: () => number): string {
  const alphabet = ["entity ", "enum ", "table ", "import ", "A", "B", " id", " Int", " String", "?", "[]", " @id", " @references(A.id)",
    " @backref(b)", " @default(", ")", "{", "}", "\n", " ", "(", ",", "\"", ...PUNCT, ...HOSTILE_NAMES.map((n) => ` ${n}`), ...UNICODE];
  const length = Math.floor(r() * 200);
  let s = "";
  for (let i = 0; i < length; i++) s += pick(r, alphabet);
  return s;
}

/** Input `index` of the run with `seed`. */
export function input(corpus: readonly string[], seed: number, index: number): string {
  const r = rng((seed * 1_000_003 + index) >>> 0);
  r();
  const roll = r();
  if (roll < 0.08) return randomText(r);
  const tokens = tokenize(pick(r, corpus));
  const steps = 1 + Math.floor(r() * (roll < 0.5 ? 2 : 8));
  for (let i = 0; i < steps; i++) mutate(r, tokens);
  const text = tokens.join("");
  return r() < 0.1 ? text.slice(0, Math.floor(r() * text.length)) : text; // truncate at a random point
}

/** What is wrong with one result, if anything: the properties every input must have. */
export function problems(text: string, result: CompileResult): string[] {
  const out: string[] = [];
  for (const d of result.diagnostics) {
    const s = d.span;
    if (d.code === "E0899" || d.code === "E0199") out.push(`internal error ${d.code}: ${d.message} ${d.help ?? ""}`);
    if (s.file !== FILE) out.push(`${d.code} in file ${s.file}`);
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= text.length)) {
      out.push(`${d.code} span ${s.start}..${s.end} outside the text (${text.length})`);
    }
    if (!(s.line >= 1 && s.column >= 1)) out.push(`${d.code} at ${s.line}:${s.column}`);
  }
  if (!result.ir && !result.diagnostics.some((d) => d.severity === "error")) out.push("no IR and no error");
  return out;
}

export interface Failure {
  readonly index: number;
  readonly text: string;
  readonly problems: readonly string[];
}

export interface FuzzReport {
  readonly inputs: number;
  readonly valid: number;
  readonly internalErrors: number;
  readonly failures: readonly Failure[];
  readonly slowest: { readonly index: number; readonly ms: number; readonly text: string };
  readonly ms: number;
}

/**
 * Runs inputs `from`..`from + count` of `seed`; `onValid` sees each IR (e.g. to run the generator).
 * With `slowMs`, an input slower than that (twice) is a failure.
 */
export function fuzz(options: {
  seed: number;
  count: number;
  from?: number;
  corpus?: readonly string[];
  slowMs?: number;
  onValid?: (text: string, result: CompileResult, index: number) => void;
}): FuzzReport {
  const slowMs = options.slowMs ?? Infinity;
  const corpus = options.corpus ?? loadCorpus();
  const failures: Failure[] = [];
  let slowest = { index: -1, ms: 0, text: "" };
  let valid = 0;
  let internalErrors = 0;
  const start = performance.now();
  const from = options.from ?? 0;
  for (let index = from; index < from + options.count; index++) {
    const text = input(corpus, options.seed, index);
    const t = performance.now();
    let found: string[];
    let result: CompileResult | undefined;
    try {
      result = compileSource(text, FILE);
      found = problems(text, result);
    } catch (error) {
      found = [`threw: ${error instanceof Error ? error.stack : String(error)}`];
    }
    let ms = performance.now() - t;
    // a shared machine can stall one run (GC, another process): a slow input is timed once
    // more, and only an input slow both times counts
    if (ms > slowMs) {
      const again = performance.now();
      compileSource(text, FILE);
      ms = Math.min(ms, performance.now() - again);
    }
    if (ms > slowest.ms) slowest = { index, ms, text };
    if (ms > slowMs) found.push(`took ${ms.toFixed(0)} ms (limit ${slowMs})`);
    if (found.some((p) => p.startsWith("internal error") || p.startsWith("threw"))) internalErrors++;
    if (found.length > 0) failures.push({ index, text, problems: found });
    if (result?.ir) {
      valid++;
      options.onValid?.(text, result, index);
    }
  }
  return { inputs: options.count, valid, internalErrors, failures, slowest, ms: performance.now() - start };
}
