import { annotatedConst, moduleDeclaration, objectType, printTs, shorthandObject, typeText } from "../render/ts-layout.js";
import type { ViewContext } from "./context.js";
import { tsHeader } from "./header.js";
import {
  className,
  enumsSpecifier,
  initInterfaceName,
  MODELS_CONST,
  modelSpecifier,
  SCHEMA_CONST,
  schemaSpecifier,
} from "./naming.js";

/** index.ts: re-exports every model, its Init type, the enums and the schema, plus `models`. */
export interface IndexView {
  readonly header: string;
  readonly modelImports: readonly string[];
  readonly exports: readonly string[];
  readonly modelsConst: string;
}

export function indexView(ctx: ViewContext): IndexView {
  const entities = ctx.ir.entities;
  const classes = entities.map((e) => className(e.name));
  const exports = [
    ...(classes.length > 0 ? [printTs(moduleDeclaration("export", classes))] : []),
    ...entities.map((e) => printTs(moduleDeclaration("export type", [initInterfaceName(e.name)], modelSpecifier(e.name, "")))),
    ...(ctx.ir.enums.length > 0 ? [`export * from "${enumsSpecifier("")}";`] : []),
    printTs(moduleDeclaration("export", [SCHEMA_CONST], schemaSpecifier(""))),
  ];
  return {
    header: tsHeader(ctx.sourceName),
    modelImports: entities.map((e) => printTs(moduleDeclaration("import", [className(e.name)], modelSpecifier(e.name, "")))),
    exports,
    modelsConst: printTs(modelsConst(classes)),
  };
}

/**
 * `models` carries its type written out: inferred, tsc's declaration emit would
 * print `typeof X` for every class by searching index.ts's imports for one
 * that names it, a scan per class (quadratic: 110 s of tsc's time at 10,000
 * entities). Written, each name is one lookup. Same declared type either way.
 */
function modelsConst(classes: readonly string[]) {
  if (classes.length === 0) return `export const ${MODELS_CONST} = {} as const;`;
  const type = objectType(classes.map((c) => ({ name: c, optional: false, readonly: true, type: typeText(`typeof ${c}`) })));
  return annotatedConst("export const", MODELS_CONST, type, shorthandObject(classes));
}
