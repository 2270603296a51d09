import type { Attribute, Declaration, SchemaFile, Value } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/**
 * The declarations connected to a failing one, which must sit out the next
 * round. "Connected" follows every way one declaration can depend on another
 * (a field's type, `@references`, `@through`, and back again, since backrefs
 * and inverses add facts to the other side), so whatever remains resolves
 * exactly as it would once the failures are fixed: no knock-on errors.
 * Undefined when an error lies outside every declaration and so cannot be
 * isolated.
 */
export function failingComponents(files: readonly SchemaFile[], errors: readonly Diagnostic[]): Set<string> | undefined {
  const declarations = files.flatMap((f) => f.declarations.map((d) => ({ file: f.path, d })));
  const byFile = new Map(files.map((f) => [f.path, f.declarations]));
  const failing = new Set<string>();
  for (const e of errors) {
    const owner = enclosing(byFile.get(e.span.file) ?? [], e.span.start);
    if (!owner) return undefined;
    failing.add(owner.name.name);
  }

  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!links.has(a)) links.set(a, new Set());
    if (!links.has(b)) links.set(b, new Set());
    links.get(a)!.add(b);
    links.get(b)!.add(a);
  };
  // only declared names connect declarations: every model using `Int` is not one component
  const declared = new Set(declarations.map(({ d }) => d.name.name));
  for (const { d } of declarations) {
    for (const other of dependencies(d)) if (declared.has(other)) link(d.name.name, other);
  }

  const out = new Set<string>();
  const queue = [...failing];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (out.has(name)) continue;
    out.add(name);
    queue.push(...(links.get(name) ?? []));
  }
  return out;
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

/** The files without the named declarations. */
export function withoutDeclarations(files: readonly SchemaFile[], names: ReadonlySet<string>): SchemaFile[] {
  return files.map((f) => ({ ...f, declarations: f.declarations.filter((d) => !names.has(d.name.name)) }));
}

function dependencies(d: Declaration): string[] {
  if (d.kind === "Enum") return [];
  return d.fields.flatMap((f) => [f.type.name.name, ...f.attributes.flatMap(attributeTargets)]);
}

function attributeTargets(a: Attribute): string[] {
  if (a.name.name !== "references" && a.name.name !== "through") return [];
  const first = a.args[0]?.value;
  return first ? valueNames(first) : [];
}

function valueNames(v: Value): string[] {
  switch (v.kind) {
    case "Word":
      return [v.name];
    case "Path":
      return [v.head.name];
    default:
      return [];
  }
}
