import type { Attribute, EnumDecl } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  actionWithoutReferences, invalidAttributeArgs, setDefaultWithoutDefault, setNullOnNotNull, typeOnNonJson,
  unknownReferentialAction,
} from "../diagnostics/catalog/index.js";
import { suggest } from "../diagnostics/levenshtein.js";
import type { DefaultValue, ReferentialAction } from "../ir/schema-ir.js";
import { plainWord, readArgs } from "./args.js";
import { admitAttributes } from "./attribute-positions.js";
import { resolveDefault } from "./defaults.js";
import type { ColumnFacts, ReferenceSpec, ScalarField } from "./model.js";
import { columnName } from "./naming.js";
import { REFERENTIAL_ACTIONS } from "./options.js";
import { readRename } from "./renames.js";
import { typeText } from "./type-text.js";

/** The written form of each column attribute (in the "expects" message; an editor shows it too). */
export const COLUMN_ATTRIBUTE_FORMS: Readonly<Record<string, string>> = {
  id: "@id", unique: "@unique", index: "@index", default: "@default(value)",
  references: "@references(Entity)` or `@references(Entity.field)", column: "@column(\"name\")",
  onDelete: "@onDelete(cascade)", onUpdate: "@onUpdate(cascade)",
  type: '@type("Settings", from: "./settings.js")` or `@type("Record<string, number>")',
};

/** An imported name is one identifier; an inline type is TypeScript type text with balanced brackets. */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const TYPE_TEXT = /^[\w$<>[\]{}()|&,.:;?'" -]+$/;

function balanced(text: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{", ">": "<" };
  for (const ch of text) {
    if ("([{<".includes(ch)) stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false;
  }
  return stack.length === 0;
}

/** Reads the attributes of one column field and checks what only needs this field. */
export function readColumnAttributes(
  owner: string, column: ScalarField, enums: ReadonlyMap<string, EnumDecl>, diagnostics: Diagnostic[],
): ColumnFacts {
  const label = `${owner}.${column.name}`;
  const attrs = admitAttributes(column.field.attributes, "column", `column \`${label}\``, diagnostics, column.field);
  const one = (name: string): Attribute | undefined => attrs.get(name)?.[0];
  const wrong = (attr: Attribute) => diagnostics.push(invalidAttributeArgs(attr.span, `@${attr.name.name}`, `\`${label}\``, (Object.hasOwn(COLUMN_ATTRIBUTE_FORMS, attr.name.name) ? COLUMN_ATTRIBUTE_FORMS[attr.name.name] ?? "" : "")));

  const flag = (name: string): Attribute | undefined => {
    const attr = one(name);
    if (attr && attr.args.length > 0) wrong(attr);
    return attr;
  };
  const id = flag("id");
  const unique = flag("unique");
  const index = flag("index");

  let defaultValue: DefaultValue | undefined;
  const def = one("default");
  if (def) {
    const args = readArgs(def);
    const value = args.positional[0];
    if (!value || args.positional.length !== 1 || args.named.size > 0) wrong(def);
    else {
      const resolved = resolveDefault(value, column, label, enums);
      if ("code" in resolved) diagnostics.push(resolved);
      else defaultValue = resolved;
    }
  }

  let references: ReferenceSpec | undefined;
  const ref = one("references");
  if (ref) {
    const value = ref.args.length === 1 && !ref.args[0]!.name ? ref.args[0]!.value : undefined;
    const word = plainWord(value);
    if (word) references = { entity: word.name, span: ref.span };
    else if (value?.kind === "Path") references = { entity: value.head.name, field: value.tail.name, span: ref.span };
    else wrong(ref);
  }

  let dbName: string | undefined;
  const col = one("column");
  if (col) {
    const value = col.args.length === 1 && !col.args[0]!.name ? col.args[0]!.value : undefined;
    if (value?.kind === "String" && value.value.length > 0) dbName = value.value;
    else wrong(col);
  }

  let tsType: { name: string; from?: string } | undefined;
  const typeAttr = one("type");
  if (typeAttr) {
    const args = readArgs(typeAttr);
    const name = args.positional[0];
    const from = args.named.get("from")?.value;
    const extra = args.positional.length !== 1 || [...args.named.keys()].some((k) => k !== "from") || args.repeated;
    if (column.type.kind !== "Json") diagnostics.push(typeOnNonJson(typeAttr.span, label, typeText(column.field.type, false)));
    else if (extra || name?.kind !== "String" || (from !== undefined && (from.kind !== "String" || from.value === ""))) wrong(typeAttr);
    else if (from ? !IDENTIFIER.test(name.value) : !TYPE_TEXT.test(name.value) || !balanced(name.value)) wrong(typeAttr);
    else tsType = from?.kind === "String" ? { name: name.value, from: from.value } : { name: name.value.trim() };
  }

  const action = (name: "onDelete" | "onUpdate"): ReferentialAction | undefined => {
    const attr = one(name);
    if (!attr) return undefined;
    const word = attr.args.length === 1 && !attr.args[0]!.name ? plainWord(attr.args[0]!.value) : undefined;
    if (!word) return void wrong(attr);
    if (!REFERENTIAL_ACTIONS.includes(word.name as ReferentialAction)) {
      diagnostics.push(unknownReferentialAction(word.span, `@${name}`, word.name, suggest(word.name, REFERENTIAL_ACTIONS)));
      return undefined;
    }
    const value = word.name as ReferentialAction;
    if (!ref) diagnostics.push(actionWithoutReferences(attr.span, `@${name}`, label));
    else if (value === "set-null" && !column.nullable) diagnostics.push(setNullOnNotNull(attr.span, `@${name}`, label, typeText(column.field.type, false)));
    else if (value === "set-default" && !def) diagnostics.push(setDefaultWithoutDefault(attr.span, `@${name}`, label));
    return value;
  };
  const onDelete = action("onDelete");
  const onUpdate = action("onUpdate");

  const renameAttr = one("renamedFrom");
  const renamedFrom = renameAttr ? readRename(renameAttr, `\`${label}\``, column.name, diagnostics) : undefined;

  // Spelled out, not `...column`: V8 gave each spread copy that gains properties a map of its
  // own (with descriptors, ~400 bytes a column: 44 MB alive through resolving 10,000 entities)
  return {
    kind: column.kind,
    field: column.field,
    name: column.name,
    type: column.type,
    nullable: column.nullable,
    columnName: columnName(column.name, dbName),
    id: id?.span,
    unique: unique?.span,
    index: index?.span,
    ...(defaultValue ? { default: defaultValue } : {}),
    ...(references ? { references } : {}),
    ...(onDelete ? { onDelete } : {}),
    ...(onUpdate ? { onUpdate } : {}),
    ...(tsType ? { type: { ...column.type, tsType } } : {}),
    ...(renamedFrom ? { renamedFrom } : {}),
  };
}
