import type { EntityIR, RelationIR } from "@relgen/dsl";
import type { ViewContext } from "./context.js";
import { tsHeader } from "./header.js";
import {
  className,
  declaredTypeSpecifier,
  enumsSpecifier,
  initInterfaceName,
  modelSpecifier,
  propertyName,
  RUNTIME_MODULE,
  runtimeTypeLocal,
} from "./naming.js";
import { describeRelation } from "./relation-doc.js";
import { columnTsType, initAssignment, isRequiredInInit } from "./ts-types.js";
import { docLines, tsdoc } from "./tsdoc.js";

/** One documented line of a class or interface body. */
export interface MemberLine {
  readonly doc: string;
  readonly line: string;
}

/** Everything models/<entity>.ts prints. */
export interface ModelView {
  readonly header: string;
  readonly imports: readonly string[];
  readonly doc: string;
  readonly className: string;
  readonly initName: string;
  readonly initFields: readonly MemberLine[];
  readonly properties: readonly MemberLine[];
  readonly relations: readonly MemberLine[];
  /** `init: UserInit` or, when nothing is required, `init: UserInit = {}`. */
  readonly constructorParam: string;
  readonly assignments: readonly string[];
}

export type RuntimeHandle = "Collection" | "DynamicCollection" | "ReadonlyCollection" | "Reference";

/** Which runtime handle types a relation property; view-only wins over dynamic (a view cannot be written). */
export function relationHandle(relation: RelationIR): RuntimeHandle {
  if (relation.cardinality !== "many") return "Reference";
  if (relation.viewOnly) return "ReadonlyCollection";
  if (relation.lazy === "dynamic") return "DynamicCollection";
  return "Collection";
}

export function relationTsType(relation: RelationIR, ctx: ViewContext): string {
  const handle = runtimeTypeLocal(relationHandle(relation), ctx.schemaNames);
  const target = className(relation.target);
  return relation.cardinality === "optional" ? `${handle}<${target} | null>` : `${handle}<${target}>`;
}

export function modelView(entity: EntityIR, ctx: ViewContext): ModelView {
  const name = className(entity.name);
  const initName = initInterfaceName(entity.name);
  const anyRequired = entity.columns.some(isRequiredInInit);
  return {
    header: tsHeader(ctx.sourceName),
    imports: modelImports(entity, ctx),
    doc: tsdoc([...docLines(entity.doc), ...(entity.doc ? [""] : []), `Stored in table \`${entity.tableName}\`.`]),
    className: name,
    initName,
    initFields: entity.columns.map((c) => ({
      doc: tsdoc(docLines(c.doc)),
      line: `${propertyName(c.name)}${isRequiredInInit(c) ? "" : "?"}: ${columnTsType(c)};`,
    })),
    properties: entity.columns.map((c) => ({
      doc: tsdoc(docLines(c.doc)),
      // `declare`: no class-field initialiser, so a column is an own property only once it has a
      // value (the same under either useDefineForClassFields), and an INSERT can write exactly those
      line: `declare ${propertyName(c.name)}: ${columnTsType(c)};`,
    })),
    relations: entity.relations.map((r) => ({
      doc: tsdoc([...docLines(r.doc), describeRelation(entity.name, r)]),
      line: `declare readonly ${propertyName(r.name)}: ${relationTsType(r, ctx)};`,
    })),
    constructorParam: anyRequired ? `init: ${initName}` : `init: ${initName} = {}`,
    assignments: entity.columns.map((c) => {
      const p = propertyName(c.name);
      switch (initAssignment(c)) {
        case "required":
          return `this.${p} = init.${p};`;
        case "null-when-absent":
          return `this.${p} = init.${p} ?? null;`;
        case "database-when-absent":
          // Left undefined so the INSERT omits it and the database fills it in.
          return `if (init.${p} !== undefined) this.${p} = init.${p};`;
      }
    }),
  };
}

function modelImports(entity: EntityIR, ctx: ViewContext): string[] {
  const lines: string[] = [];
  const handles = unique(entity.relations.map(relationHandle));
  if (handles.length > 0) {
    const specs = handles.map((h) => {
      const local = runtimeTypeLocal(h, ctx.schemaNames);
      return local === h ? h : `${h} as ${local}`;
    });
    lines.push(`import type { ${specs.join(", ")} } from "${RUNTIME_MODULE}";`);
  }
  const enums = unique(
    entity.columns.flatMap((c) => (c.type.kind === "Enum" && c.type.enumName ? [c.type.enumName] : [])),
  );
  if (enums.length > 0) lines.push(`import type { ${enums.join(", ")} } from "${enumsSpecifier("models")}";`);
  const declared = new Map<string, string[]>();
  for (const c of entity.columns) {
    const t = c.type.tsType;
    if (!t?.from) continue;
    const names = declared.get(t.from) ?? [];
    if (!names.includes(t.name)) names.push(t.name);
    declared.set(t.from, names);
  }
  for (const [from, names] of [...declared].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    lines.push(`import type { ${names.sort().join(", ")} } from "${declaredTypeSpecifier(from, "models")}";`);
  }
  const targets = unique(entity.relations.map((r) => r.target).filter((t) => t !== entity.name));
  for (const target of targets) {
    lines.push(`import type { ${className(target)} } from "${modelSpecifier(target, "models")}";`);
  }
  return lines;
}

/** Sorted and de-duplicated, so imports do not depend on declaration order. */
function unique<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}
