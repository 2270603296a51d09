import { moduleDeclaration, printTs, shorthandObject } from "../render/ts-layout.js";
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
    modelsConst: printTs([`export const ${MODELS_CONST} = `, shorthandObject(classes), " as const;"]),
  };
}
