import type { EnumIR } from "@relgen/dsl";
import type { ViewContext } from "./context.js";
import { tsHeader } from "./header.js";
import { docLines, tsdoc } from "./tsdoc.js";

export interface EnumView {
  readonly doc: string;
  readonly name: string;
  /** `["Scheduled", "Completed"]` */
  readonly valuesLiteral: string;
}

/** enums.ts: each enum as a const array of its members plus the union type of the same name. */
export interface EnumsView {
  readonly header: string;
  readonly enums: readonly EnumView[];
}

export function enumsView(ctx: ViewContext): EnumsView {
  return { header: tsHeader(ctx.sourceName), enums: ctx.ir.enums.map(enumView) };
}

function enumView(e: EnumIR): EnumView {
  return {
    doc: tsdoc(docLines(e.doc)),
    name: e.name,
    valuesLiteral: `[${e.values.map((v) => JSON.stringify(v)).join(", ")}]`,
  };
}
