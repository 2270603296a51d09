import type { Attribute, Declaration, EntityDecl, FieldDecl, SchemaFile, TableDecl, Value } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** A piece of the schema that can sit out a round: a declaration, a field or one attribute. */
type Part = Declaration | FieldDecl | Attribute;
type Model = EntityDecl | TableDecl;

/**
 * Attributes other parts lean on (keys, relation wiring, and Prisma's
 * `@relation`, which was meant as wiring): an error in one sets its whole
 * field aside.
 */
const STRUCTURAL = new Set(["id", "references", "backref", "inverse", "fk", "through", "relation"]);

export interface SetAside {
  readonly parts: ReadonlySet<Part>;
  /** Models whose key was set aside: "no primary key" there is a consequence, not a finding. */
  readonly keyless: ReadonlySet<Model>;
}

/**
 * The smallest parts holding each error, plus every part that leans on them,
 * which sit out the next round so the rest of the schema is still checked.
 * An unknown or malformed leaf attribute (`@uniqe`, a bad `@default`) goes
 * alone; any other error in a field takes the field; an error on the
 * declaration itself takes the declaration. "Leans on" follows every way a
 * part depends on another (a field's type, `@references`, `@through`, the
 * two sides of a relation, `@@id`/`@@unique`/`@@index` lists), so what remains
 * resolves as it would once the failures are fixed: no knock-on errors.
 * Undefined when an error lies outside every declaration and so cannot be
 * isolated.
 */
export function failingParts(files: readonly SchemaFile[], errors: readonly Diagnostic[]): SetAside | undefined {
  const byFile = new Map(files.map((f) => [f.path, f.declarations]));
  const failing: Part[] = [];
  for (const e of errors) {
    const owner = enclosing(byFile.get(e.span.file) ?? [], e.span.start);
    if (!owner) return undefined;
    failing.push(partAt(owner, e.span.start));
  }

  const edges = dependents(files.flatMap((f) => f.declarations));
  const parts = new Set<Part>();
  const queue = [...failing];
  while (queue.length > 0) {
    const part = queue.pop()!;
    if (parts.has(part)) continue;
    parts.add(part);
    queue.push(...(edges.get(part) ?? []));
  }

  const keyless = new Set<Model>();
  for (const d of files.flatMap((f) => f.declarations)) {
    if (d.kind === "Enum") continue;
    const keyGone = d.fields.some((f) => parts.has(f) && isKey(f))
      || d.blockAttributes.some((a) => parts.has(a) && a.name.name === "id");
    if (keyGone) keyless.add(d);
  }
  return { parts, keyless };
}

/** The files without the parts set aside. */
export function withoutParts(files: readonly SchemaFile[], parts: ReadonlySet<Part>): SchemaFile[] {
  const keep = <T extends Part>(list: readonly T[]) => list.filter((p) => !parts.has(p));
  return files.map((f) => ({
    ...f,
    declarations: keep(f.declarations).map((d): Declaration => d.kind === "Enum" ? d : {
      ...d,
      blockAttributes: keep(d.blockAttributes),
      fields: keep(d.fields).map((field) => ({ ...field, attributes: keep(field.attributes) })),
    }),
  }));
}

/** The declaration holding `offset`, by binary search (a file's declarations are in source order and disjoint). */
function enclosing(decls: readonly Declaration[], offset: number): Declaration | undefined {
  let lo = 0;
  let hi = decls.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = decls[mid]!;
    if (offset < d.span.start) hi = mid - 1;
    else if (offset >= d.span.end) lo = mid + 1;
    else return d;
  }
  return undefined;
}

function partAt(d: Declaration, offset: number): Part {
  if (d.kind === "Enum") return d;
  const inside = (p: Part) => offset >= p.span.start && offset < p.span.end;
  const block = d.blockAttributes.find(inside);
  if (block) return block;
  const field = d.fields.find(inside);
  if (!field) return d;
  const attr = field.attributes.find(inside);
  return attr && !STRUCTURAL.has(attr.name.name) ? attr : field;
}

/** For each part, the parts that cannot be checked without it. */
function dependents(decls: readonly Declaration[]): Map<Part, Part[]> {
  const edges = new Map<Part, Part[]>();
  const add = (from: Part | undefined, to: Part) => {
    if (!from || from === to) return;
    const list = edges.get(from);
    if (list) list.push(to);
    else edges.set(from, [to]);
  };
  const both = (a: Part, b: Part) => { add(a, b); add(b, a); };
  const byName = new Map(decls.map((d) => [d.name.name, d]));
  const models = decls.filter((d): d is Model => d.kind !== "Enum");
  const field = (model: string, name: string) => {
    const d = byName.get(model);
    return d && d.kind !== "Enum" ? d.fields.filter((f) => f.name.name === name) : [];
  };
  const typed = (d: Model, target: string) => d.fields.filter((f) => f.type.name.name === target);
  const referencing = (d: Model, target: string) =>
    d.fields.filter((f) => f.attributes.some((a) => a.name.name === "references" && targetOf(a) === target));

  for (const d of models) {
    for (const f of d.fields) add(d, f);
    for (const a of d.blockAttributes) {
      add(d, a);
      for (const name of listedNames(a)) for (const f of field(d.name.name, name)) add(f, a);
    }
    for (const f of d.fields) {
      const type = f.type.name.name;
      add(byName.get(type), f);
      const other = byName.get(type);
      // the two sides of a relation, and the keys either side could follow
      if (other && other.kind !== "Enum") {
        for (const g of [...typed(other, d.name.name), ...referencing(other, d.name.name), ...referencing(d, type)]) both(f, g);
      }
      for (const a of f.attributes) {
        const target = targetOf(a);
        if (!target) continue;
        const t = byName.get(target);
        add(t, f);
        if (a.name.name === "references") {
          // `@references(T)` follows T's key
          const column = pathField(a);
          const keys = column ? field(target, column) : t && t.kind !== "Enum" ? t.fields.filter(isKey) : [];
          for (const g of keys) add(g, f);
          if (t && t.kind !== "Enum") for (const g of typed(d, target)) both(f, g);
        } else if (t && t.kind !== "Enum") {
          for (const g of t.fields) add(g, f);
        }
      }
    }
  }
  return edges;
}

function isKey(f: FieldDecl): boolean {
  return f.attributes.some((a) => a.name.name === "id");
}

/** The declaration named by `@references(T.f)` or `@through(T)`. */
function targetOf(a: Attribute): string | undefined {
  if (a.name.name !== "references" && a.name.name !== "through") return undefined;
  const v = a.args[0]?.value;
  return v?.kind === "Word" ? v.name : v?.kind === "Path" ? v.head.name : undefined;
}

function pathField(a: Attribute): string | undefined {
  const v = a.args[0]?.value;
  return v?.kind === "Path" ? v.tail.name : undefined;
}

function listedNames(a: Attribute): string[] {
  const v: Value | undefined = a.args[0]?.value;
  return v?.kind === "List" ? v.items.flatMap((i) => (i.kind === "Word" ? [i.name] : [])) : [];
}
