import { InvalidArgumentError } from "../errors/value-errors.js";
import { RelgenError } from "../errors/relgen-error.js";
import type { ColumnMeta, EntityMeta, RelationMeta, SchemaMeta } from "../schema-meta.js";

/**
 * What the runtime knows about one entity, built once from the generated
 * schema data: columns by index, the relations with their inverse resolved,
 * and hidden "reverse" relations for one-sided declarations (a `User.posts`
 * without `Post.author` still needs somewhere on the post to remember its
 * parent until flush writes `userId`).
 */
export interface EntityInfo {
  readonly name: string;
  readonly meta: EntityMeta;
  readonly schema: SchemaMeta;
  readonly model: ModelClass;
  readonly columns: readonly ColumnMeta[];
  readonly columnIndex: ReadonlyMap<string, number>;
  readonly pkIndexes: readonly number[];
  /** Declared relations first (in meta order), then hidden reverse ones. */
  readonly relations: RelationInfo[];
  readonly relationIndex: Map<string, number>;
}

export interface RelationInfo {
  readonly index: number;
  readonly name: string;
  readonly owner: string;
  readonly schema: SchemaMeta;
  readonly meta: RelationMeta;
  readonly many: boolean;
  /** True for the generated backing slot of a one-sided relation: no property on the model. */
  readonly hidden: boolean;
  /** The relation on the target that mirrors this one, resolved lazily (targets may register later). */
  inverse: RelationInfo | undefined;
  inverseResolved: boolean;
}

export type ModelClass = abstract new (...args: never[]) => object;

export const ENTITY = Symbol.for("relgen.entity");

const bySchema = new WeakMap<SchemaMeta, Map<string, EntityInfo>>();

/**
 * Registers a generated model class: called once per class by the generated
 * code, right after the class. Installs the relation properties on the
 * prototype, so that an object built with `new` has working handles before
 * any session exists.
 */
export function defineEntity(model: ModelClass, schema: SchemaMeta, entity: string): void {
  const meta = schema.entities[entity];
  if (!meta) throw new RelgenError(`defineEntity: the schema has no entity "${entity}"; regenerate the code with \`relgen build\`.`);
  let registry = bySchema.get(schema);
  if (!registry) bySchema.set(schema, (registry = new Map()));
  const columnIndex = new Map(meta.columns.map((c, i) => [c.name, i] as const));
  const relations: RelationInfo[] = Object.values(meta.relations).map((r, index) => ({
    index,
    name: r.name,
    owner: entity,
    schema,
    meta: r,
    many: r.cardinality === "many",
    hidden: false,
    inverse: undefined,
    inverseResolved: false,
  }));
  const info: EntityInfo = {
    name: entity,
    meta,
    schema,
    model,
    columns: meta.columns,
    columnIndex,
    pkIndexes: meta.primaryKey.map((f) => columnIndex.get(f)!),
    relations,
    relationIndex: new Map(relations.map((r) => [r.name, r.index])),
  };
  registry.set(entity, info);
  Object.defineProperty(model, ENTITY, { value: info, enumerable: false });
  installAccessors(model, info);
}

// Set by the handles module (a cycle would otherwise run through the model files).
let handleFactory: ((obj: object, relation: RelationInfo) => unknown) | undefined;
export function setHandleFactory(factory: (obj: object, relation: RelationInfo) => unknown): void {
  handleFactory = factory;
}

function installAccessors(model: ModelClass, info: EntityInfo): void {
  for (const relation of info.relations) {
    Object.defineProperty(model.prototype, relation.name, {
      configurable: true,
      enumerable: false,
      get(this: object) {
        return handleFactory!(this, relation);
      },
    });
  }
}

export function entityOfClass(model: ModelClass): EntityInfo {
  const info = (model as unknown as { [ENTITY]?: EntityInfo })[ENTITY];
  if (!info) {
    throw new InvalidArgumentError(
      `${model.name || "This class"} is not a relgen model: pass a class from the generated code (it calls defineEntity).`,
    );
  }
  return info;
}

export function entityOfObject(obj: object): EntityInfo | undefined {
  return (obj.constructor as unknown as { [ENTITY]?: EntityInfo } | undefined)?.[ENTITY];
}

export function entityNamed(schema: SchemaMeta, name: string): EntityInfo {
  const info = bySchema.get(schema)?.get(name);
  if (!info) {
    throw new RelgenError(
      `The model class for entity "${name}" is not loaded: import the generated index (or models/${name}) before using its relations.`,
    );
  }
  return info;
}

/** The target's relation that pairs with `relation`, or a hidden one created on first need. */
export function inverseOf(relation: RelationInfo): RelationInfo | undefined {
  if (relation.inverseResolved) return relation.inverse;
  const owner = entityNamed(relation.schema, relation.owner);
  const target = entityNamed(owner.schema, relation.meta.target);
  const name = relation.meta.inverse;
  let inverse = name !== undefined ? target.relations[target.relationIndex.get(name)!] : undefined;
  if (!inverse && relation.meta.foreignKeySide === "target" && !relation.meta.viewOnly) {
    inverse = addHidden(target, relation);
  }
  relation.inverse = inverse;
  relation.inverseResolved = true;
  if (inverse) {
    inverse.inverse = relation;
    inverse.inverseResolved = true;
  }
  return inverse;
}

/** Resolves every inverse of a schema (creating hidden ones), once all its models are registered. */
export function resolveInverses(schema: SchemaMeta): void {
  for (const info of bySchema.get(schema)?.values() ?? []) {
    for (const r of [...info.relations]) inverseOf(r);
  }
}

/** A many-to-one on the child that mirrors a one-sided one-to-many / one-to-one of the parent. */
function addHidden(target: EntityInfo, parentSide: RelationInfo): RelationInfo {
  const m = parentSide.meta;
  const meta: RelationMeta = {
    name: `~${parentSide.owner}.${m.name}`,
    kind: "many-to-one",
    target: parentSide.owner,
    cardinality: "optional",
    foreignKeySide: "self",
    localColumns: m.remoteColumns,
    remoteColumns: m.localColumns,
    lazy: "select",
    cascade: [],
    orderBy: [],
    passiveDeletes: false,
    viewOnly: false,
    selfReferential: m.selfReferential,
  };
  const hidden: RelationInfo = {
    index: target.relations.length,
    name: meta.name,
    owner: target.name,
    schema: target.schema,
    meta,
    many: false,
    hidden: true,
    inverse: parentSide,
    inverseResolved: true,
  };
  target.relations.push(hidden);
  target.relationIndex.set(hidden.name, hidden.index);
  return hidden;
}
