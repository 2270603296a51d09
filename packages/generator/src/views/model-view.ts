import type { ColumnIR, EntityIR, RelationIR } from "@relgen/dsl";
import type { ModelContext } from "./context.js";
import { tsHeader } from "./header.js";
import {
  initRelationAssignment,
  initRelationDoc,
  initRelations,
  initRelationTsType,
  relationFilledFields,
} from "./init-relations.js";
import {
  className,
  declaredTypeSpecifier,
  DEFINE_ENTITY,
  enumsSpecifier,
  importedValueLocal,
  initInterfaceName,
  localSpec,
  indexSpecifier,
  propertyName,
  RUNTIME_MODULE,
  runtimeTypeLocal,
  SCHEMA_CONST,
  schemaSpecifier,
} from "./naming.js";
import { childInitType, initUnion, requiredInitRelations } from "./init-required.js";
import { describeRelation } from "./relation-doc.js";
import { columnType, initAssignment, isRequiredInInit, needsPrettier } from "./ts-types.js";
import { docLines, tsdoc } from "./tsdoc.js";
import type { Doc } from "../render/layout.js";
import {
  assignmentStatement,
  binaryDoc,
  callDoc,
  constructorHead,
  generic,
  ifStatement,
  intersection,
  moduleDeclaration,
  printTs,
  type TsType,
  typeAlias,
  typedMember,
  typeString,
  typeText,
  union,
} from "../render/ts-layout.js";

/** One documented line of a class or interface body. */
export interface MemberLine {
  readonly doc: string;
  /** The member laid out at its indentation (continuation lines carry their own). */
  readonly line: string;
  /** Doc and member, every line indented: what the template prints. */
  readonly text: string;
}

/** Class and interface members are indented one level; constructor statements two. */
const MEMBER_INDENT = 2;
const STATEMENT_INDENT = 4;

function member(doc: string, head: string, type: TsType): MemberLine {
  const line = printTs(typedMember(head, type), MEMBER_INDENT);
  const pad = " ".repeat(MEMBER_INDENT);
  const indentedDoc = doc === "" ? "" : doc.replace(/^(?=.)/gm, pad);
  return { doc, line, text: `${indentedDoc}${pad}${line}` };
}

/** Everything models/<entity>.ts prints. */
export interface ModelView {
  readonly header: string;
  readonly imports: readonly string[];
  readonly doc: string;
  readonly className: string;
  readonly initName: string;
  /** The interface of the plain fields: `initName` itself unless `initUnions` adds to it. */
  readonly fieldsName: string;
  readonly fieldsDoc: string;
  readonly initDoc: string;
  /** One `(relation | its keys)` union per required many-to-one, intersected with the fields. */
  readonly initUnions: readonly string[];
  /** `export type XInit = XFields & (...);` laid out, or "" when Init is the interface itself. */
  readonly initType: string;
  /** Columns, then the relations the object can write. */
  readonly initFields: readonly MemberLine[];
  readonly properties: readonly MemberLine[];
  readonly relations: readonly MemberLine[];
  /** `init: UserInit` or, when nothing is required, `init: UserInit = {}`. */
  readonly constructorParam: string;
  /** `constructor(init: UserInit) {` laid out. */
  readonly constructorHead: string;
  /** Columns first, then the relations given (so a handle sees the columns already set). */
  readonly assignments: readonly string[];
  /** `defineEntity(User, schema, "User");`: registers the class, installing its relation handles. */
  readonly registration: string;
  /** An inline `@type` text relgen does not lay out (see `needsPrettier`). */
  readonly needsPrettier: boolean;
}

export type RuntimeHandle = "Collection" | "DynamicCollection" | "ReadonlyCollection" | "Reference";

/** Which runtime handle types a relation property; view-only wins over dynamic (a view cannot be written). */
export function relationHandle(relation: RelationIR): RuntimeHandle {
  if (relation.cardinality !== "many") return "Reference";
  if (relation.viewOnly) return "ReadonlyCollection";
  if (relation.lazy === "dynamic") return "DynamicCollection";
  return "Collection";
}

export function relationTsType(relation: RelationIR, ctx: ModelContext): TsType {
  const handle = runtimeTypeLocal(relationHandle(relation), ctx.schemaNames);
  const target = typeText(className(relation.target));
  if (relation.cardinality === "optional") return generic(handle, [union([target, typeText("null")])]);
  const child = relationHandle(relation) === "ReadonlyCollection" ? undefined : childInitType(relation, ctx);
  return generic(handle, child ? [target, child] : [target]);
}

export function modelView(entity: EntityIR, ctx: ModelContext): ModelView {
  const name = className(entity.name);
  const initName = initInterfaceName(entity.name);
  const filled = relationFilledFields(entity, ctx);
  const required = (c: ColumnIR) => isRequiredInInit(c, filled.has(c.name));
  const relations = initRelations(entity);
  const unions = requiredInitRelations(entity, ctx).map((r) => initUnion(entity, r));
  const fieldsName = unions.length > 0 ? `${name}Fields` : initName;
  const defineEntity = importedValueLocal(DEFINE_ENTITY, ctx.schemaNames);
  const schema = importedValueLocal(SCHEMA_CONST, ctx.schemaNames);
  const constructorParam =
    entity.columns.some(required) || unions.length > 0 ? `init: ${initName}` : `init: ${initName} = {}`;
  return {
    header: tsHeader(ctx.sourceName),
    imports: modelImports(entity, ctx, { defineEntity, schema }),
    doc: tsdoc([...docLines(entity.doc), ...(entity.doc ? [""] : []), `Stored in table \`${entity.tableName}\`.`]),
    className: name,
    initName,
    fieldsName,
    fieldsDoc:
      unions.length > 0
        ? tsdoc([`The fields of {@link ${initName}}: everything \`new ${name}(init)\` takes is optional here.`])
        : "",
    initUnions: unions.map((u) => `(${typeString(u)})`),
    initType:
      unions.length > 0 ? printTs(typeAlias(`export type ${initName}`, intersection([typeText(fieldsName), ...unions]))) : "",
    initDoc: tsdoc([
      `What \`new ${name}(init)\` takes: its columns (required ones have no database default and no ` +
        "relation to fill them) and the relations it can write.",
      ...(unions.length > 0
        ? ["", "A required relation is given either as the related object or as its key; the other stays optional."]
        : []),
      ...(entity.columns.some((c) => c.autoincrement)
        ? [
            "",
            "An autoincrement key not given here is `undefined` until the flush inserts the row, although " +
              "its declared type does not say so.",
          ]
        : []),
    ]),
    initFields: [
      ...entity.columns.map((c) =>
        member(tsdoc(docLines(c.doc)), `${propertyName(c.name)}${required(c) ? "" : "?"}`, columnType(c)),
      ),
      ...relations.map((r) =>
        member(tsdoc([initRelationDoc(r)]), `${propertyName(r.name)}?`, initRelationTsType(r, childInitType(r, ctx))),
      ),
    ],
    // `declare`: no class-field initialiser, so a column is an own property only once it has a
    // value (the same under either useDefineForClassFields), and an INSERT can write exactly those
    properties: entity.columns.map((c) => member(tsdoc(docLines(c.doc)), `declare ${propertyName(c.name)}`, columnType(c))),
    relations: entity.relations.map((r) =>
      member(
        tsdoc([...docLines(r.doc), describeRelation(entity.name, r)]),
        `declare readonly ${propertyName(r.name)}`,
        relationTsType(r, ctx),
      ),
    ),
    constructorParam,
    constructorHead: printTs(constructorHead(constructorParam), MEMBER_INDENT),
    assignments: [
      ...entity.columns.map((c) => {
        const p = propertyName(c.name);
        switch (initAssignment(c, filled.has(c.name))) {
          case "required":
            return assignmentStatement(`this.${p}`, `init.${p}`);
          case "null-when-absent":
            return assignmentStatement(`this.${p}`, binaryDoc(`init.${p}`, "??", "null"));
          // Left undefined so the INSERT omits it and the database fills it in, or (filled by a
          // relation) until the flush writes it from the related object.
          case "database-when-absent":
          case "relation-when-absent":
            return ifStatement([`init.${p}`, "!==", "undefined"], assignmentStatement(`this.${p}`, `init.${p}`));
        }
      }),
      ...relations.map(initRelationAssignment),
    ].map((statement: Doc) => printTs(statement, STATEMENT_INDENT)),
    registration: printTs([callDoc(defineEntity, [name, schema, JSON.stringify(entity.name)]), ";"]),
    needsPrettier: entity.columns.some(needsPrettier),
  };
}

/** `locals`: what `defineEntity` and `schema` are called in this file (see `importedValueLocal`). */
function modelImports(
  entity: EntityIR,
  ctx: ModelContext,
  locals: { readonly defineEntity: string; readonly schema: string },
): string[] {
  const children = entity.relations.filter((r) => childInitType(r, ctx) !== undefined);
  const runtimeTypes = [...entity.relations.map(relationHandle), ...(children.length > 0 ? ["InitWithout" as const] : [])];
  const runtimeSpecs = [
    localSpec(DEFINE_ENTITY, locals.defineEntity),
    ...unique(runtimeTypes).map(
      (h) => `type ${localSpec(h, runtimeTypeLocal(h, ctx.schemaNames))}`,
    ),
  ];
  const lines: Doc[] = [];
  lines.push(moduleDeclaration("import", runtimeSpecs, RUNTIME_MODULE));
  lines.push(moduleDeclaration("import", [localSpec(SCHEMA_CONST, locals.schema)], schemaSpecifier("models")));
  const enums = unique(
    entity.columns.flatMap((c) => (c.type.kind === "Enum" && c.type.enumName ? [c.type.enumName] : [])),
  );
  if (enums.length > 0) lines.push(moduleDeclaration("import type", enums, enumsSpecifier("models")));
  const declared = new Map<string, string[]>();
  for (const c of entity.columns) {
    const t = c.type.tsType;
    if (!t?.from) continue;
    const names = declared.get(t.from) ?? [];
    if (!names.includes(t.name)) names.push(t.name);
    declared.set(t.from, names);
  }
  for (const [from, names] of [...declared].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    lines.push(moduleDeclaration("import type", names.sort(), declaredTypeSpecifier(from, "models")));
  }
  // Related models' types come through index.ts, not from each other's files: tsc loads a program's
  // files depth-first along imports, and a chain of models each importing the next (Account1 → Account0 →
  // …, 1,667 deep in the 10,000-entity synthetic schema) overflowed its stack. Through the index every
  // model is two imports away from any other.
  const targets = unique(entity.relations.map((r) => r.target).filter((t) => t !== entity.name));
  const initTargets = new Set(children.map((r) => r.target));
  const related = targets.flatMap((t) => (initTargets.has(t) ? [className(t), initInterfaceName(t)] : [className(t)]));
  if (related.length > 0) lines.push(moduleDeclaration("import type", related, indexSpecifier("models")));
  return lines.map((l) => printTs(l));
}

/** Sorted and de-duplicated, so imports do not depend on declaration order. */
function unique<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}
