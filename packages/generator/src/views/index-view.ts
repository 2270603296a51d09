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
    ...(classes.length > 0 ? [`export { ${classes.join(", ")} };`] : []),
    ...entities.map((e) => `export type { ${initInterfaceName(e.name)} } from "${modelSpecifier(e.name, "")}";`),
    ...(ctx.ir.enums.length > 0 ? [`export * from "${enumsSpecifier("")}";`] : []),
    `export { ${SCHEMA_CONST} } from "${schemaSpecifier("")}";`,
  ];
  return {
    header: tsHeader(ctx.sourceName),
    modelImports: entities.map((e) => `import { ${className(e.name)} } from "${modelSpecifier(e.name, "")}";`),
    exports,
    modelsConst: `export const ${MODELS_CONST} = { ${classes.join(", ")} } as const;`,
  };
}
