import { ParseCache, type Diagnostic, type SchemaIR } from "@relgen/dsl";
import type { TextDocuments } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { quickCheck } from "../incremental/quick-check.js";
import { SymbolTable } from "../symbols/table.js";
import { overlayHost } from "./overlay-host.js";
import { UriBook } from "./paths.js";
import { compileUnits, type Unit } from "./unit.js";

/**
 * The schema as the editor has it right now: the open buffers over the
 * disk, compiled into units. Recompiled on demand after an edit; one parse
 * cache lives as long as the server, so an edit re-parses only the
 * declarations it touched (as `relgen build --watch` does).
 */
export class Workspace {
  readonly uris = new UriBook();
  readonly #parseCache = new ParseCache();
  readonly #host;
  #units: readonly Unit[] | undefined;
  /** False while the units come from quick checks of edits (incremental/quick-check.ts), not a complete compile. */
  #complete = true;
  readonly #symbols = new WeakMap<Unit, SymbolTable>();
  readonly #texts = new Map<string, TextDocument>();
  /** The last unit of each entry that parsed without a syntax error: while a line is half typed, its names still complete. */
  readonly #lastParsed = new Map<string, Unit>();
  /** The last IR each entry compiled to, so hover still explains relations while an edit is half-typed. */
  readonly #lastIr = new Map<string, SchemaIR>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {
    this.#host = overlayHost((file) => this.openDocument(file)?.getText());
  }

  /** Something changed (a file opened or closed, a file on disk): the next question compiles again. */
  invalidate(): void {
    this.#units = undefined;
    this.#texts.clear();
  }

  /**
   * An open buffer was edited: checked quickly, around the edit, when the
   * units it belongs to allow it; else the next question compiles again.
   * After a quick check a complete one is still due (`complete` is false).
   */
  edited(file: string): void {
    const text = this.openDocument(file)?.getText();
    const units = this.#units;
    if (text === undefined || !units?.some((u) => u.sources.has(file))) return this.invalidate();
    const next = units.map((u) => (!u.sources.has(file) ? u : u.sources.get(file) === text ? u : quickCheck(u, file, text)));
    if (next.some((u) => u === undefined)) return this.invalidate();
    this.#units = next as Unit[];
    // a quick unit parsed cleanly: a syntax error sends the edit to the complete compile
    for (const unit of this.#units) this.#lastParsed.set(unit.entry, unit);
    this.#complete = false;
  }

  /** Whether the units are a complete compile (not quick checks of edits). */
  get complete(): boolean {
    return this.#units === undefined || this.#complete;
  }

  units(): readonly Unit[] {
    if (this.#units === undefined) {
      const open = this.documents.all().map((d) => this.uris.remember(d.uri));
      this.#units = compileUnits(open, this.#host, this.#parseCache);
      this.#complete = true;
      for (const unit of this.#units) {
        if (unit.ir) this.#lastIr.set(unit.entry, unit.ir);
        if (!unit.diagnostics.some(isSyntaxError)) this.#lastParsed.set(unit.entry, unit);
      }
    }
    return this.#units;
  }

  /** The units of a complete compile: for answers that need the resolved schema (hover) or must be exact (rename). */
  completeUnits(): readonly Unit[] {
    if (!this.complete) this.invalidate();
    return this.units();
  }

  /** The unit a file is compiled in (the first that reaches it); `complete` asks for a complete compile. */
  unitOf(file: string, complete = false): Unit | undefined {
    return (complete ? this.completeUnits() : this.units()).find((u) => u.sources.has(file));
  }

  symbols(unit: Unit): SymbolTable {
    let table = this.#symbols.get(unit);
    if (!table) this.#symbols.set(unit, (table = new SymbolTable(unit.files)));
    return table;
  }

  /** The names of the schema as of its last clean parse, for completion inside a line that does not parse yet. */
  parsedSymbols(unit: Unit): SymbolTable {
    return this.symbols(unit.diagnostics.some(isSyntaxError) ? (this.#lastParsed.get(unit.entry) ?? unit) : unit);
  }

  /** The unit's IR, or the last one it had; `stale` says the schema has errors now. */
  ir(unit: Unit): { readonly ir: SchemaIR; readonly stale: boolean } | undefined {
    if (unit.ir) return { ir: unit.ir, stale: false };
    const last = this.#lastIr.get(unit.entry);
    return last && { ir: last, stale: true };
  }

  openDocument(file: string): TextDocument | undefined {
    return this.documents.get(this.uris.uriOf(file));
  }

  /** A file's text as compiled, with the line index the protocol's positions need. */
  textDocument(file: string): TextDocument | undefined {
    const open = this.openDocument(file);
    if (open) return open;
    let doc = this.#texts.get(file);
    if (!doc) {
      const text = this.unitOf(file)?.sources.get(file);
      if (text === undefined) return undefined;
      this.#texts.set(file, (doc = TextDocument.create(this.uris.uriOf(file), "rel", 0, text)));
    }
    return doc;
  }
}

/** Syntax errors (E01xx): the AST holds only what the parser recovered. */
const isSyntaxError = (d: Diagnostic) => d.severity === "error" && d.code.startsWith("E01");

