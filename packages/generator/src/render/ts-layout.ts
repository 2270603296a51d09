import {
  align,
  type Doc,
  fill,
  group,
  ifBreak,
  indent,
  indentIfBreak,
  join,
  line,
  printDoc,
  softline,
} from "./layout.js";

/**
 * The TypeScript constructs relgen emits, as layout docs built the way
 * Prettier's printer builds them for the same syntax (printWidth 100, 2
 * spaces, double quotes, trailing commas "all"), so the text is already what
 * Prettier would print. Only these shapes are covered; anything else must not
 * be printed through here.
 */

export const PRINT_WIDTH = 100;
export const TAB_WIDTH = 2;

/** Prints a statement or member that starts at `indentation` columns (the caller writes those spaces). */
export function printTs(doc: Doc, indentation = 0): string {
  return printDoc(doc, { printWidth: PRINT_WIDTH, tabWidth: TAB_WIDTH, indentation });
}

// ---- module declarations -------------------------------------------------------------------

/**
 * `import { a, type B } from "x";`, `export { A, B };`: specifiers one per line
 * with a trailing comma when they do not fit. A single specifier never breaks.
 */
export function moduleDeclaration(keyword: string, specifiers: readonly string[], from?: string): Doc {
  const tail = from === undefined ? ";" : ` from ${tsString(from)};`;
  if (specifiers.length === 0) return `${keyword} {}${tail}`;
  if (specifiers.length === 1) return `${keyword} { ${specifiers[0]} }${tail}`;
  return group([`${keyword} {`, indent([line, join([",", line], specifiers)]), ifBreak(","), line, `}${tail}`]);
}

// ---- types ---------------------------------------------------------------------------------

/** The type syntax relgen writes. `text` is printed as is and never breaks (a name, `string[]`, a keyword). */
export type TsType =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "generic"; readonly name: string; readonly args: readonly TsType[] }
  | { readonly kind: "union"; readonly types: readonly TsType[] }
  | { readonly kind: "object"; readonly members: readonly ObjectTypeMember[] }
  | { readonly kind: "intersection"; readonly types: readonly TsType[] };

export interface ObjectTypeMember {
  readonly name: string;
  readonly optional: boolean;
  readonly readonly?: boolean;
  readonly type: TsType;
}

const memberHead = (m: ObjectTypeMember): string => `${m.readonly ? "readonly " : ""}${m.name}${m.optional ? "?" : ""}: `;

export const typeText = (text: string): TsType => ({ kind: "text", text });
export const typeLiteral = (value: string): TsType => ({ kind: "literal", value });
export const generic = (name: string, args: readonly TsType[]): TsType => ({ kind: "generic", name, args });
export const union = (types: readonly TsType[]): TsType => (types.length === 1 ? (types[0] as TsType) : { kind: "union", types });
export const objectType = (members: readonly ObjectTypeMember[]): TsType => ({ kind: "object", members });
export const intersection = (types: readonly TsType[]): TsType =>
  types.length === 1 ? (types[0] as TsType) : { kind: "intersection", types };

/** The type on one line, as Prettier prints it when it fits. */
export function typeString(type: TsType): string {
  switch (type.kind) {
    case "text":
      return type.text;
    case "literal":
      return tsString(type.value);
    case "generic":
      return `${type.name}<${type.args.map(typeString).join(", ")}>`;
    case "union":
      return type.types.map(typeString).join(" | ");
    case "object":
      return type.members.length === 0
        ? "{}"
        : `{ ${type.members.map((m) => `${memberHead(m)}${typeString(m.type)}`).join("; ")} }`;
    case "intersection":
      return type.types.map((t) => (t.kind === "union" ? `(${typeString(t)})` : typeString(t))).join(" & ");
  }
}

/** Where a type stands decides how a union inside it breaks (Prettier's union printer looks at the parent). */
type TypeParent = "annotation" | "type-arguments" | "intersection";

export function typeDoc(type: TsType, parent: TypeParent = "annotation"): Doc {
  switch (type.kind) {
    case "text":
    case "literal":
      return typeString(type);
    case "generic":
      return [type.name, typeArgumentsDoc(type.args)];
    case "object":
      if (type.members.length === 0) return "{}";
      return group([
        "{",
        indent([line, join([";", line], type.members.map((m) => [memberHead(m), typeDoc(m.type)]))]),
        ifBreak(";"),
        line,
        "}",
      ]);
    case "intersection":
      return group(
        type.types.map((t, i) => {
          const printed = typeDoc(t, "intersection");
          return i === 0 ? printed : indent([" &", line, printed]);
        }),
      );
    case "union":
      return unionDoc(type.types, parent);
  }
}

function unionDoc(types: readonly TsType[], parent: TypeParent): Doc {
  if (shouldHug({ kind: "union", types })) return types.map(typeString).join(" | ");
  const members = join(
    [line, "| "],
    types.map((t) => align(2, typeDoc(t, "annotation"))),
  );
  if (parent === "intersection") return ["(", group([indent([ifBreak([line, "| "]), members]), softline]), ")"];
  if (parent === "type-arguments") return group([ifBreak("| "), members]);
  return group(indent([ifBreak([line, "| "]), members]));
}

/**
 * Prettier keeps a type argument list on one line when its only argument is
 * "huggable": a plain name or keyword, an object type, or one of those or'ed
 * with null.
 */
function shouldHug(type: TsType): boolean {
  if (type.kind === "text" || type.kind === "object") return true;
  if (type.kind !== "union") return false;
  const nulls = type.types.filter((t) => t.kind === "text" && (t.text === "null" || t.text === "undefined" || t.text === "void"));
  return nulls.length === type.types.length - 1 && type.types.some((t) => t.kind === "object" || t.kind === "text");
}

function typeArgumentsDoc(args: readonly TsType[]): Doc {
  const only = args[0];
  if (args.length === 1 && only !== undefined && (only.kind === "object" || shouldHug(only))) {
    return ["<", typeDoc(only, "type-arguments"), ">"];
  }
  return group(["<", indent([softline, join([",", line], args.map((a) => typeDoc(a, "type-arguments")))]), softline, ">"]);
}

/**
 * `export type X = <type>;` with Prettier's "fluid" assignment layout: the
 * type starts after `=` if its first line fits there, else on the next line,
 * indented.
 */
export function typeAlias(head: string, type: TsType): Doc {
  return fluidAssignment(head, " =", group(typeDoc(type)), ";");
}

/**
 * `export const name: Type = value;`: Prettier's "fluid" layout with the
 * annotated name as its left side, so a type too long for the line breaks
 * before the value does.
 */
export function annotatedConst(keywords: string, name: string, type: TsType, value: Doc): Doc {
  return [`${keywords} `, fluidAssignment(group([`${name}: `, typeDoc(type)]), " =", value, ";")];
}

function fluidAssignment(left: Doc, operator: string, right: Doc, tail: string): Doc {
  const id = Symbol("assignment");
  return group([left, operator, group(indent(line), { id }), indentIfBreak(right, id), tail]);
}

// ---- class and interface members -----------------------------------------------------------

/** `name?: Type;` in an interface, `declare name: Type;` in a class. */
export function typedMember(head: string, type: TsType): Doc {
  return [`${head}: `, typeDoc(type), ";"];
}

// ---- statements ----------------------------------------------------------------------------

/** `callee(a, b);`: arguments one per line with a trailing comma when they do not fit. */
export function callDoc(callee: string, args: readonly Doc[]): Doc {
  if (args.length === 0) return `${callee}()`;
  return group([`${callee}(`, indent([softline, join([",", line], args)]), ifBreak(","), softline, ")"]);
}

/**
 * `callee({ ... })`: a call whose only argument is an object literal keeps the
 * braces on the call's lines ("hugged") and only the object breaks.
 */
export function huggedCall(callee: string, objectArgument: Doc): Doc {
  return [`${callee}(`, objectArgument, ")"];
}

/**
 * `target = value;` where value is a member chain or a `??` expression: Prettier's
 * "break-after-operator" layout (the value moves to the next line, indented).
 */
export function assignmentStatement(target: string, value: Doc): Doc {
  return group([target, " =", group(indent([line, value])), ";"]);
}

/** `a ?? b` as an assignment's value: breaks after the operator, not indented further. */
export function binaryDoc(left: string, operator: string, right: string): Doc {
  return group([left, ` ${operator}`, line, right]);
}

/** `if (test) statement` without braces: the statement moves to its own indented line when the whole does not fit. */
export function ifStatement(test: readonly [string, string, string], consequent: Doc): Doc {
  const [left, operator, right] = test;
  return group([
    "if (",
    group([indent([softline, left, ` ${operator}`, line, right]), softline]),
    ")",
    indent([line, consequent]),
  ]);
}

/** `constructor(param) {`: the parameter on its own line, with a trailing comma, when it does not fit. */
export function constructorHead(param: string): Doc {
  return group(["constructor(", indent([softline, param]), ifBreak(","), softline, ") {"]);
}

// ---- literals ------------------------------------------------------------------------------

/** A string literal the way Prettier quotes it: double quotes unless the text holds more of them than single ones. */
export function tsString(value: string): string {
  const json = JSON.stringify(value);
  if (!value.includes('"')) return json;
  const doubles = value.split('"').length - 1;
  const singles = value.split("'").length - 1;
  if (doubles <= singles) return json;
  // Swap the quote style: `\"` loses its backslash, `'` gains one.
  return `'${json.slice(1, -1).replace(/\\(.)|'/gs, (match, escaped: string | undefined) => {
    if (escaped === undefined) return "\\'";
    return escaped === '"' ? '"' : match;
  })}'`;
}

/** A number as Prettier prints it (`1e+21` → `1e21`). */
export function tsNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot print non-finite number ${value}`);
  return JSON.stringify(value).replace("e+", "e");
}

/** `{ a, b }` with shorthand properties. */
export function shorthandObject(names: readonly string[]): Doc {
  if (names.length === 0) return "{}";
  return group(["{", indent([line, join([",", line], names)]), ifBreak(","), line, "}"]);
}

/** An array literal of already printed elements (see `literalDoc` for data). */
export function arrayDoc(elements: readonly Doc[], options: { readonly shouldBreak?: boolean; readonly concise?: boolean } = {}): Doc {
  if (elements.length === 0) return "[]";
  if (options.concise) {
    // Numbers only: as many per line as fit; the trailing comma follows the array's own group.
    const id = Symbol("array");
    const parts = elements.flatMap((e, i) =>
      i === elements.length - 1 ? [[e, ifBreak(",", "", id)]] : [[e, ","], line],
    );
    return group(["[", indent([softline, fill(parts)]), softline, "]"], { id, ...(options.shouldBreak ? { shouldBreak: true } : {}) });
  }
  return group(["[", indent([softline, join([",", line], elements)]), ifBreak(","), softline, "]"], {
    shouldBreak: options.shouldBreak === true,
  });
}

/** An object literal of already printed properties. `expanded`: one per line whether or not they fit. */
export function objectDoc(properties: readonly Doc[], expanded = false): Doc {
  if (properties.length === 0) return "{}";
  return group(["{", indent([line, join([",", line], properties)]), ifBreak(","), line, "}"], { shouldBreak: expanded });
}
