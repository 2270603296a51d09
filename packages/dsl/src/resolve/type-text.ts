import type { Literal, TypeRef } from "../ast/nodes.js";

/** A type as the user wrote it (`String(80)`, `Decimal(10, 2)`), for messages that quote it back. */
export function typeText(type: TypeRef, withModifiers = true): string {
  const args = type.args.length > 0 ? `(${type.args.map(literalText).join(", ")})` : "";
  const mods = withModifiers ? `${type.list ? "[]" : ""}${type.optional ? "?" : ""}` : "";
  return `${type.name.name}${args}${mods}`;
}

export function literalText(l: Literal): string {
  switch (l.kind) {
    case "String": return JSON.stringify(l.value);
    case "Number": return l.raw;
    case "Boolean": return String(l.value);
    case "Null": return "null";
  }
}
