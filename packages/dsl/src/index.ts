// Public API of @relgen/dsl. Analysis never throws: every entry point returns
// diagnostics, and an IR only when there is no error.
export type * from "./ast/nodes.js";
export type * from "./ir/schema-ir.js";
export type { Span } from "./source/span.js";
export type { Diagnostic, Severity, RelatedSpan } from "./diagnostics/diagnostic.js";
export { hasErrors, sortDiagnostics } from "./diagnostics/diagnostic.js";
export { parseSource, type ParseResult } from "./syntax/parse.js";
export { ParseCache, rebase as moveSpans } from "./syntax/parse-cache.js";
export { loadSchema, nodeHost, memoryHost, MAX_SOURCE_BYTES, type SourceHost, type LoadResult, type Refusal } from "./source/loader.js";
export { compileFile, compileLoaded, compileSource, type CompileHooks, type CompileResult } from "./compile.js";
export { renderDiagnostics, renderDiagnosticsJson, type RenderOptions } from "./diagnostics/render.js";
export { kebabCase, words } from "./resolve/naming.js";
// The compiler's "did you mean", for the CLI's unknown commands too.
export { suggest } from "./diagnostics/levenshtein.js";
// Names a generated class or type cannot take, for tools that derive names (`relgen pull`).
export { isReservedDeclarationName } from "./resolve/portability.js";
// Made here, reported by `relgen migrate dev` (the generator compares schemas): the catalog stays the one place diagnostics are built.
export { suspectedRename, unknownRenamedFrom } from "./diagnostics/catalog/migrations.js";
export { formatSource, type FormatResult } from "./format/format.js";
// The language's vocabularies and derived names, for editors (@relgen/language-server): completion lists come from the tables the resolver checks against.
export { SCALAR_TYPES } from "./resolve/types.js";
export { attributesAllowedAt, type Position as AttributePosition } from "./resolve/attribute-positions.js";
export { LOAD_STRATEGIES, REFERENTIAL_ACTIONS, CASCADE_WORDS } from "./resolve/options.js";
export { RELATION_ATTRIBUTE_FORMS, RELATION_ATTRIBUTE_OPTIONS } from "./resolve/relation-attributes.js";
export { COLUMN_ATTRIBUTE_FORMS } from "./resolve/column-attributes.js";
export { entityTableName } from "./resolve/naming.js";
// The resolver alone, over ASTs the caller already holds (the language server re-resolves the neighbourhood of an edit).
export { resolveSchema, type ResolveResult } from "./resolve/resolve.js";
