// E09xx: comparing the schema with the last migration's snapshot (`relgen migrate dev`).
import type { Diagnostic } from "../diagnostic.js";
import type { Span } from "../../source/span.js";
import { error } from "./make.js";

/** A drop and an add that look like a rename: never guessed, because guessing wrong loses data or keeps the wrong data. */
/** `oldName` is what the attribute must say: the old field name, or the old entity (or table) name. */
export function suspectedRename(span: Span, what: "column" | "table", dropped: string, added: string, oldName: string): Diagnostic {
  const attribute = what === "column" ? "@renamedFrom" : "@@renamedFrom";
  return error(
    "E0901",
    span,
    `the ${what} \`${dropped}\` disappears and \`${added}\` appears: this looks like a rename, but relgen would drop \`${dropped}\` with its data and add an empty \`${added}\``,
    `add ${attribute}("${oldName}") to rename it and keep its data, or run with --allow-data-loss to drop the old one and add the new one`,
  );
}

export function unknownRenamedFrom(span: Span, what: "field" | "entity or table", old: string, known: readonly string[]): Diagnostic {
  const attribute = what === "field" ? "@renamedFrom" : "@@renamedFrom";
  const list = known.length === 0 ? "" : ` (it had: ${known.slice(0, 12).map((k) => `\`${k}\``).join(", ")}${known.length > 12 ? ", …" : ""})`;
  return error(
    "E0902",
    span,
    `${attribute}("${old}") names no ${what} of the schema at the last migration${list}`,
    `write the name it had when the last migration was made, or remove ${attribute} if it is new`,
  );
}
