import type { EnumDecl, Value } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { invalidDefault } from "../diagnostics/catalog/index.js";
import { suggest } from "../diagnostics/levenshtein.js";
import type { DefaultValue, ScalarKind } from "../ir/schema-ir.js";
import type { ScalarField } from "./model.js";

// A Map: user-written names such as `constructor()` must not find Object.prototype members.
const CALLS: ReadonlyMap<string, readonly ScalarKind[]> = new Map([
  ["autoincrement", ["Int", "BigInt"]],
  ["now", ["DateTime", "Date"]],
  ["uuid", ["Uuid", "String"]],
]);
const NUMERIC: readonly ScalarKind[] = ["Int", "BigInt", "Float", "Decimal"];
const STRINGY: readonly ScalarKind[] = ["String", "Text", "Uuid", "Json"];

/** Checks a `@default(v)` against its column's type (decisions.md, "Columns"). */
export function resolveDefault(
  value: Value, column: ScalarField, label: string, enums: ReadonlyMap<string, EnumDecl>,
): DefaultValue | Diagnostic {
  const kind = column.type.kind;
  const bad = (detail: string, help: string) => invalidDefault(value.span, label, detail, help);
  switch (value.kind) {
    case "Call": {
      const allowed = CALLS.get(value.name.name);
      if (!allowed) {
        const near = suggest(value.name.name, [...CALLS.keys()]);
        return bad(`\`${value.name.name}()\` is not a default function`, near ? `did you mean \`${near}()\`?` : "use `autoincrement()`, `now()` or `uuid()`");
      }
      if (!allowed.includes(kind)) {
        return bad(`\`${value.name.name}()\` cannot be the default of a \`${kind}\` column`, `\`${value.name.name}()\` works on ${allowed.join(" or ")} columns`);
      }
      return { kind: value.name.name as "autoincrement" | "now" | "uuid" };
    }
    case "Null":
      return column.nullable
        ? { kind: "literal", value: null }
        : bad("`null` cannot be the default of a NOT NULL column", "make the column nullable with `?`, or choose another default");
    case "Number":
      if (!NUMERIC.includes(kind)) return bad(`a number cannot be the default of a \`${kind}\` column`, hintFor(kind));
      if ((kind === "Int" || kind === "BigInt") && !Number.isInteger(value.value)) {
        return bad(`\`${value.raw}\` is not an integer`, "write a whole number");
      }
      return { kind: "literal", value: value.value, raw: value.raw };
    case "String":
      if (!STRINGY.includes(kind)) return bad(`a string cannot be the default of a \`${kind}\` column`, hintFor(kind));
      return { kind: "literal", value: value.value };
    case "Boolean":
      if (kind !== "Boolean") return bad(`\`${value.value}\` cannot be the default of a \`${kind}\` column`, hintFor(kind));
      return { kind: "literal", value: value.value };
    case "Word": {
      const enumDecl = column.type.enumName ? enums.get(column.type.enumName) : undefined;
      if (!enumDecl) return bad(`\`${value.name}\` is not a value for a \`${kind}\` column`, hintFor(kind));
      const members = enumDecl.members.map((m) => m.name);
      if (value.direction || !members.includes(value.name)) {
        const s = suggest(value.name, members);
        return bad(`\`${value.name}\` is not a member of enum \`${enumDecl.name.name}\``,
          s ? `did you mean \`${s}\`?` : `use one of: ${members.join(", ")}`);
      }
      return { kind: "enum", value: value.name };
    }
    case "Path":
    case "List":
      return bad("a default must be a literal, an enum member or `autoincrement()`, `now()`, `uuid()`", hintFor(kind));
  }
}

function hintFor(kind: ScalarKind): string {
  switch (kind) {
    case "Int": case "BigInt": return "write an integer, e.g. `@default(0)`, or `@default(autoincrement())`";
    case "Float": case "Decimal": return "write a number, e.g. `@default(0.5)`";
    case "String": case "Text": case "Json": return "write a string, e.g. `@default(\"\")`";
    case "Uuid": return "write `@default(uuid())` or a string";
    case "Boolean": return "write `@default(true)` or `@default(false)`";
    case "Date": case "DateTime": return "write `@default(now())`";
    case "Enum": return "write one of the enum's members, e.g. `@default(Active)`";
    case "Bytes": return "Bytes columns take no default; remove `@default`";
  }
}
