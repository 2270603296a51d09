/**
 * Everything a schema can put into a picture (names, `///` docs, default
 * values) goes through one of these, so a quote, a `#`, a `<` or a
 * backslash in a doc prints as itself instead of ending a string, starting
 * an entity code or breaking the SVG.
 */

/** Text inside a Mermaid `"…"` string: Mermaid decodes `#name;` and `#NN;` codes everywhere, so `#` and `"` become codes too. */
export function mermaidString(text: string): string {
  return oneLine(text).replace(/#/g, "#35;").replace(/"/g, "#quot;");
}

/** A Mermaid attribute type: only letters, digits, `_`, `-`, `(`, `)`, `[`, `]` parse there (`Decimal(10,2)` → `Decimal(10_2)`). */
export function mermaidType(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_()[\]-]/g, "_");
  return mermaidWord(/^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`);
}

/**
 * An entity name, always quoted: Mermaid's lexer is case-insensitive and
 * matches keywords before names, so a bare `Class`, `End`, `One` or `Style…`
 * would be read as syntax. A quoted name may not hold `"`, `%` or a backslash.
 */
export function mermaidName(name: string): string {
  return `"${oneLine(name).replace(/["%\\]/g, "_")}"`;
}

/** An attribute's name or type: `PK`, `FK` and `UK` (any case) are key markers there, so such a word gets a `_`. */
export function mermaidWord(word: string): string {
  return /^(pk|fk|uk)$/i.test(word) ? `${word}_` : word;
}

/** A DOT `"…"` string: `\` starts Graphviz's own escapes (`\N`, `\l`), so it is doubled first. */
export function dotString(text: string): string {
  return `"${oneLine(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** A DOT tooltip: Graphviz reads its escapes twice there (once more than in a label), so each `\` is doubled once more. */
export function dotTooltip(text: string): string {
  return dotString(text.replace(/\\/g, "\\\\"));
}

/** Text inside a Graphviz HTML-like label: XML's five special characters. */
export function htmlText(text: string): string {
  return oneLine(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Inside an XML comment `--` is not allowed, nor a final `-`. */
export function xmlComment(text: string): string {
  return `<!-- ${oneLine(text).replace(/-(?=-)/g, "- ").replace(/-$/, "- ")} -->`;
}

/** Docs span lines; a label or a string has one. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** A long doc shortened for a box, at a fixed length so the output stays the same. */
export function shorten(text: string, max = 48): string {
  const line = oneLine(text);
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}
