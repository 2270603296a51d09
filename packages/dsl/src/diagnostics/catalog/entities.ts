// E06xx: keys and table-level rules.
import type { Diagnostic } from "../diagnostic.js";
import type { Span } from "../../source/span.js";
import { error } from "./make.js";

export function missingPrimaryKey(span: Span, kind: "entity" | "table", name: string): Diagnostic {
  return error("E0601", span, `${kind} \`${name}\` has no primary key`,
    kind === "entity"
      ? "add `id Int @id @default(autoincrement())`, or mark the key fields with `@id` / `@@id([a, b])`"
      : "mark its foreign-key columns `@id` (a composite key), or add `@@id([a, b])`");
}

export function conflictingPrimaryKey(span: Span, name: string, first: Span): Diagnostic {
  return error("E0602", span, `\`${name}\` declares its primary key with both \`@id\` and \`@@id\``,
    "keep one: either `@id` on the fields or one `@@id([...])`", [{ message: "`@id` is used here", span: first }]);
}

export function autoincrementNotPrimaryKey(span: Span, field: string): Diagnostic {
  return error("E0603", span, `\`${field}\` uses \`@default(autoincrement())\` but is not the table's single-column primary key`,
    `make \`${field}\` the only \`@id\`, or remove \`@default(autoincrement())\``);
}

export function multipleAutoincrement(span: Span, owner: string, field: string, first: Span): Diagnostic {
  return error("E0604", span, `\`${owner}.${field}\`: a table can have at most one autoincrement column`,
    `remove \`@default(autoincrement())\` from \`${field}\``, [{ message: "first autoincrement column", span: first }]);
}

export function nullablePrimaryKey(span: Span, field: string): Diagnostic {
  return error("E0605", span, `\`${field}\` is part of the primary key but is nullable`, `remove the \`?\` from its type`);
}
