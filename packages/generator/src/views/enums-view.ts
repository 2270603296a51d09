import type { EnumIR } from "@relgen/dsl";
import { arrayDoc, printTs, typeAlias, typeText, tsString } from "../render/ts-layout.js";
import type { ViewContext } from "./context.js";
import { tsHeader } from "./header.js";
import { docLines, tsdoc } from "./tsdoc.js";

export interface EnumView {
  readonly doc: string;
  readonly name: string;
  /** `export const Status = ["Scheduled", "Completed"] as const;` laid out. */
  readonly valuesConst: string;
  /** `export type Status = (typeof Status)[number];` laid out. */
  readonly unionType: string;
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
    valuesConst: printTs([`export const ${e.name} = `, arrayDoc(e.values.map(tsString)), " as const;"]),
    unionType: printTs(typeAlias(`export type ${e.name}`, typeText(`(typeof ${e.name})[number]`))),
  };
}
