/** Text width inside a class member's doc comment (`  * ` prefix included stays within printWidth 100). */
const WRAP_AT = 92;

/**
 * A TSDoc block from lines of text (empty lines are kept as paragraph breaks).
 * Long lines are wrapped at spaces (Prettier does not wrap comments); `{@link X}`
 * is never split. `*\/` inside user docs would end the comment early, so it is broken up.
 */
export function tsdoc(lines: readonly string[]): string {
  // Most members have no doc: skip the splitting and wrapping below.
  if (lines.length === 0) return "";
  const safe: string[] = [];
  for (const line of lines) {
    for (const part of line.split("\n")) {
      const text = (part.includes("*/") ? part.replace(/\*\//g, "*\\/") : part).trimEnd();
      if (text.length <= WRAP_AT) safe.push(text);
      else safe.push(...wrap(text));
    }
  }
  while (safe.length > 0 && safe[0] === "") safe.shift();
  while (safe.length > 0 && safe[safe.length - 1] === "") safe.pop();
  if (safe.length === 0) return "";
  if (safe.length === 1 && (safe[0] ?? "").length <= WRAP_AT - 4) return `/** ${safe[0]} */\n`;
  return `/**\n${safe.map((l) => (l === "" ? " *" : ` * ${l}`)).join("\n")}\n */\n`;
}

/** A doc string from the IR (possibly several lines) as lines. */
export function docLines(doc: string | undefined): string[] {
  return doc === undefined ? [] : doc.split("\n");
}

/** `line`, longer than WRAP_AT, cut at spaces into lines that are not (a single word longer stays whole). */
function wrap(line: string): string[] {
  const indent = /^\s*/.exec(line)?.[0] ?? "";
  // Glue `{@link X}` into one word so the link survives wrapping, and each ` · ` separator to
  // the word before it so no line starts with one.
  const words = line
    .trim()
    .replace(/\{@link /g, "{@link\u0000")
    .replace(/ · /g, "\u0000· ")
    .split(" ");
  const out: string[] = [];
  let current = "";
  for (const word of words) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if (candidate.length + indent.length > WRAP_AT && current !== "") {
      out.push(indent + current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current !== "") out.push(indent + current);
  return out.map((l) => l.replace(/\u0000/g, " "));
}
