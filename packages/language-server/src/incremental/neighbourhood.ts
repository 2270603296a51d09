import { SCALAR_TYPES, suggest, type Attribute, type Declaration, type FieldDecl, type SchemaFile } from "@relgen/dsl";
import { place, type Placed } from "./placed.js";

/** A file of the unit, its declarations where edits have moved them. */
export interface PlacedFile {
  readonly file: SchemaFile;
  readonly declarations: readonly Placed[];
}

export interface Neighbourhood {
  /** The files holding only the declarations the resolver needs, in their order. */
  readonly files: readonly SchemaFile[];
  /** The declarations whose diagnostics the resolve decides: the edited ones and their direct neighbours. */
  readonly decided: ReadonlySet<Declaration>;
}

const SCALARS = new Set<string>(SCALAR_TYPES);
const leaning = new WeakMap<Declaration, string[]>();

/** Names a declaration leans on: field types, `@references` targets, `@through` tables. Kept per node: a moved declaration is the same node. */
function leansOn(decl: Declaration): string[] {
  let names = leaning.get(decl);
  if (!names) leaning.set(decl, (names = readLeansOn(decl)));
  return names;
}

function readLeansOn(decl: Declaration): string[] {
  if (decl.kind === "Enum") return [];
  const out: string[] = [];
  for (const f of decl.fields) {
    out.push(f.type.name.name);
    for (const a of f.attributes) {
      const v = a.args[0]?.value;
      if (a.name.name === "references") out.push(v?.kind === "Path" ? v.head.name : v?.kind === "Word" ? v.name : "");
      else if (a.name.name === "through" && v?.kind === "Word") out.push(v.name);
    }
  }
  return out;
}

/**
 * What resolving the edited declarations needs, and no more. An edit can
 * change the diagnostics of the edited declarations and of their direct
 * neighbours, both ways (a relation into an edited entity may lose its
 * foreign key; an edited relation's backref lands on its target): those are
 * decided, and resolved whole. Their own neighbours come as context, cut
 * down to their columns, their foreign keys into the kept set and their
 * relations into the decided set (with their `@through` tables), so that a
 * decided declaration sees every relation and backref that reaches it, and
 * nothing beyond is needed; enums come along when a kept declaration names them.
 */
export function neighbourhood(files: readonly PlacedFile[], touched: ReadonlySet<string>): Neighbourhood {
  const all = files.flatMap((f) => f.declarations.map((p) => p.node));
  const byName = new Map<string, Declaration>();
  for (const d of all) if (!byName.has(d.name.name)) byName.set(d.name.name, d);
  const out = new Map<Declaration, Declaration[]>();
  const incoming = new Map<Declaration, Declaration[]>();
  const leaners: Declaration[] = [];
  for (const d of all) {
    const names = [...new Set(leansOn(d))];
    // by name: a declaration leaning on a name the edit removed must be checked again too
    if (names.some((n) => touched.has(n))) leaners.push(d);
    const targets = names.flatMap((n) => byName.get(n) ?? []);
    out.set(d, targets);
    for (const t of targets) (incoming.get(t) ?? incoming.set(t, []).get(t)!).push(d);
  }
  const around = (d: Declaration) => [...(out.get(d) ?? []), ...(incoming.get(d) ?? [])];

  const edited = all.filter((d) => touched.has(d.name.name));
  const decided = new Set<Declaration>([...edited, ...leaners, ...edited.flatMap(around)]);
  const decidedNames = new Set([...decided].map((d) => d.name.name));
  const context = new Set<Declaration>([...decided].flatMap(around).filter((d) => !decided.has(d)));
  // a name nothing declares gets a "did you mean" from every declared name: the one it would suggest must be here
  const declared = [...byName.keys()];
  for (const d of decided) {
    for (const n of leansOn(d)) {
      const meant = n && !byName.has(n) && !SCALARS.has(n) ? byName.get(suggest(n, declared) ?? "") : undefined;
      if (meant && !decided.has(meant)) context.add(meant);
    }
  }
  for (const d of [...context]) {
    if (d.kind === "Enum") continue;
    for (const f of d.fields) {
      const via = f.attributes.find((a) => a.name.name === "through")?.args[0]?.value;
      const table = via?.kind === "Word" && decidedNames.has(f.type.name.name) ? byName.get(via.name) : undefined;
      if (table && !decided.has(table)) context.add(table);
    }
  }
  // enums only when something kept names them: they lean on nothing
  for (const d of [...decided, ...context]) for (const n of leansOn(d)) if (byName.get(n)?.kind === "Enum") context.add(byName.get(n)!);
  const kept = new Set([...decidedNames, ...[...context].map((d) => d.name.name)]);

  const reduce = (p: Placed): Declaration | undefined => {
    if (decided.has(p.node)) return place(p);
    if (!context.has(p.node)) return undefined;
    const d = place(p);
    return d.kind === "Enum" ? d : { ...d, fields: d.fields.flatMap((f) => reduceField(f, byName, decidedNames, kept)) };
  };
  const placedDecided = files.flatMap((f) => f.declarations.filter((p) => decided.has(p.node)).map(place));
  return {
    files: files.map((f) => ({ ...f.file, imports: [], declarations: f.declarations.flatMap((p) => reduce(p) ?? []) })),
    decided: new Set(placedDecided),
  };
}

/** A context declaration's field: a column keeps only foreign keys into the kept set; a relation stays only when it points into the neighbourhood. */
function reduceField(f: FieldDecl, byName: ReadonlyMap<string, Declaration>, decided: ReadonlySet<string>, kept: ReadonlySet<string>): FieldDecl[] {
  const target = byName.get(f.type.name.name);
  if (target && target.kind !== "Enum") {
    const through = f.attributes.find((a) => a.name.name === "through")?.args[0]?.value;
    const ok = decided.has(target.name.name) && (through?.kind !== "Word" || kept.has(through.name));
    return ok ? [f] : [];
  }
  const outside = (a: Attribute) => {
    if (a.name.name !== "references") return false;
    const v = a.args[0]?.value;
    const head = v?.kind === "Path" ? v.head.name : v?.kind === "Word" ? v.name : undefined;
    return head !== undefined && !kept.has(head);
  };
  if (!f.attributes.some(outside)) return [f];
  // its actions need the @references they qualify
  const drop = new Set(["references", "onDelete", "onUpdate"]);
  return [{ ...f, attributes: f.attributes.filter((a) => !drop.has(a.name.name)) }];
}
