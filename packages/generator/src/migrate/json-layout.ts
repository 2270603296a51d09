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
  const out: string[] = [];
  block(value, "", out);
  return `${out.join("")}\n`;
}

function block(value: unknown, indent: string, out: string[]): void {
  if (!hasRecordList(value)) {
    out.push(inline(value));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    out.push("[");
    value.forEach((item, i) => {
      out.push(i === 0 ? "\n" : ",\n", inner);
      block(item, inner, out);
    });
    out.push("\n", indent, "]");
    return;
  }
  out.push("{");
  let first = true;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined) continue;
    out.push(first ? "\n" : ",\n", inner, JSON.stringify(key), ": ");
    first = false;
    block(item, inner, out);
  }
  out.push("\n", indent, "}");
}

/** Whether `value` is, or holds at any depth, a non-empty list whose entries are objects or lists. */
function hasRecordList(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => typeof item === "object" && item !== null) || value.some(hasRecordList);
  return Object.values(value).some(hasRecordList);
}

/** One line, spaced like Prettier prints short JSON: `{ "name": "id", "columns": ["id"] }`. */
function inline(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((item) => inline(item ?? null)).join(", ")}]`;
  const fields = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .map(([key, item]) => `${JSON.stringify(key)}: ${inline(item)}`);
  return fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`;
}
