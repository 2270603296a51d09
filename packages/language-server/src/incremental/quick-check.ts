import { entityTableName, resolveSchema, sortDiagnostics, type Declaration, type Diagnostic, type SchemaFile, type Span } from "@relgen/dsl";
import type { Unit } from "../workspace/unit.js";
import { neighbourhood, type PlacedFile } from "./neighbourhood.js";
import { place, unmoved, type Placed } from "./placed.js";
import { reparse, type Reparsed } from "./reparse.js";

/** Each quick unit's declarations, where edits have moved them (its `files` are made from these on first read). */
const layouts = new WeakMap<Unit, readonly PlacedFile[]>();

function layoutOf(unit: Unit): readonly PlacedFile[] {
  return layouts.get(unit) ?? unit.files.map((file) => ({ file, declarations: file.declarations.map(unmoved) }));
}

/** SchemaFiles whose declarations are moved into place only when read: most quick units are never asked. */
function lazyFiles(layout: readonly PlacedFile[], sources: ReadonlyMap<string, string>): SchemaFile[] {
  return layout.map(({ file, declarations }) => {
    let placed: Declaration[] | undefined;
    const length = sources.get(file.path)?.length ?? file.span.end;
    return Object.defineProperty({ ...file, span: { ...file.span, end: length } }, "declarations", {
      get: () => (placed ??= declarations.map(place)),
      enumerable: true,
    }) as SchemaFile;
  });
}

/**
 * The unit after an edit of `file`, checked without compiling it all: the
 * edit's declarations are parsed again, then resolved with their
 * neighbourhood (neighbourhood.ts); every other diagnostic is the unit's
 * last, moved with the text. Undefined when the edit is beyond this path (a
 * syntax error, an import, a name or table name another declaration has):
 * then the unit is compiled whole. What it cannot see (a cycle of NOT NULL
 * foreign keys through declarations far from the edit) the complete check
 * that follows a pause in typing reports.
 */
export function quickCheck(unit: Unit, file: string, newText: string): Unit | undefined {
  const oldText = unit.sources.get(file);
  const layout = layoutOf(unit);
  const at = layout.findIndex((f) => f.file.path === file);
  if (oldText === undefined || at < 0) return undefined;
  const edit = reparse(layout[at]!.file, layout[at]!.declarations, oldText, newText, file);
  if (!edit) return undefined;
  const next = layout.map((f, i) => (i === at ? { file: f.file, declarations: edit.declarations } : f));
  if (clashes(next.flatMap((f) => f.declarations), edit.touched)) return undefined;

  const hood = neighbourhood(next, edit.touched);
  const decided = [...hood.decided].map((d) => d.span);
  const inDecided = (s: Span) => decided.some((d) => d.file === s.file && s.start >= d.start && s.start < d.end);
  const kept = unit.diagnostics
    .filter((d) => !(d.span.file === file && d.span.start >= edit.start && d.span.start < edit.oldEnd))
    .map((d) => moved(d, file, edit))
    .filter((d) => !inDecided(d.span));
  const fresh = resolveSchema(hood.files).diagnostics.filter((d) => inDecided(d.span));
  const sources = new Map(unit.sources).set(file, newText);
  const quick: Unit = { entry: unit.entry, files: lazyFiles(next, sources), sources, diagnostics: sortDiagnostics([...kept, ...fresh]) };
  layouts.set(quick, next);
  return quick;
}

/** A diagnostic from before the edit, its places after the edited region moved with the text. */
function moved(d: Diagnostic, file: string, edit: Reparsed): Diagnostic {
  const move = (s: Span): Span => (s.file === file && s.start >= edit.oldEnd
    ? { ...s, start: s.start + edit.newEnd - edit.oldEnd, end: s.end + edit.newEnd - edit.oldEnd, line: s.line + edit.lines } : s);
  return { ...d, span: move(d.span), ...(d.related ? { related: d.related.map((r) => ({ ...r, span: move(r.span) })) } : {}) };
}

/**
 * Names the whole schema must be unique in: an edited declaration's name,
 * table name, file name (case-insensitive) or generated `…Init` meeting
 * another's is for the complete compile to report.
 */
function clashes(placed: readonly Placed[], touched: ReadonlySet<string>): boolean {
  const edited = placed.filter((p) => touched.has(p.node.name.name)).map((p) => p.node);
  const names = edited.map((d) => d.name.name.toLowerCase());
  if (new Set(names).size !== names.length) return true;
  const own = new Set(edited.flatMap(keysOf));
  return placed.some((p) => !edited.includes(p.node) && keysOf(p.node).some((k) => own.has(k)));
}

const keys = new WeakMap<Declaration, readonly string[]>();

/** The names a declaration claims schema-wide, compared ignoring case; kept per node (a moved declaration is the same node). */
function keysOf(d: Declaration): readonly string[] {
  let k = keys.get(d);
  if (!k) keys.set(d, (k = [d.name.name.toLowerCase(), `${d.name.name}init`.toLowerCase(), tableOf(d).toLowerCase()]));
  return k;
}

function tableOf(d: Declaration): string {
  if (d.kind !== "Entity") return d.name.name;
  const declared = d.blockAttributes.find((a) => a.name.name === "table")?.args[0]?.value;
  return entityTableName(d.name.name, declared?.kind === "String" ? declared.value : undefined);
}
