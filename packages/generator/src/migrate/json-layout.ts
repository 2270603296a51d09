/**
 * The migration folder's JSON (snapshots and catalogs) as people review it
 * in a pull request: one record per line — a column, a key, a foreign key,
 * an enum — so a schema change is a diff of the lines it touched, at about a
 * tenth of the lines `JSON.stringify(value, null, 2)` takes. Only the layout
 * differs: the text is JSON, and `JSON.parse` reads it to the same value,
 * so files written either way are read alike.
 *
 * The rule: a value is printed on one line unless it holds a list of
 * records (objects or lists); then each of its entries gets a line,
 * indented by two spaces per level. Keys keep the order of the value.
 */
export function renderJsonRecords(value: unknown): string {
  return `${layout(value, "")}\n`;
}

/**
 * `value` laid out at `indent`, in one walk: a value's children are laid out
 * first, and it goes on one line when none of them needed lines and (a list)
 * none of its items is a record. Deciding that per level by looking into the
 * whole subtree again made the layout quadratic in the nesting depth.
 */
function layout(value: unknown, indent: string): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value) ?? "null";
  const inner = `${indent}  `;
  const parts: string[] = [];
  let oneLine = true;
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = layout(item ?? null, inner);
      if (typeof item === "object" && item !== null) oneLine = false;
      parts.push(text);
    }
    if (oneLine) return `[${parts.join(", ")}]`;
    return `[\n${inner}${parts.join(`,\n${inner}`)}\n${indent}]`;
  }
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const text = layout(item, inner);
    if (oneLine && isLaidOnLines(text)) oneLine = false;
    parts.push(`${quotedKey(key)}: ${text}`);
  }
  if (parts.length === 0) return "{}";
  if (oneLine) return `{ ${parts.join(", ")} }`;
  return `{\n${inner}${parts.join(`,\n${inner}`)}\n${indent}}`;
}

/** A laid-out record or list spans lines exactly when it opens with a line break (one-line text holds none: JSON escapes it). */
function isLaidOnLines(text: string): boolean {
  return text.charCodeAt(1) === NEWLINE && (text.charCodeAt(0) === OPEN_BRACE || text.charCodeAt(0) === OPEN_BRACKET);
}

const NEWLINE = 10;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;

/** Keys repeat on every record (`"name"`, `"columns"`): quote each once. */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}
