import { inverseOf, type EntityInfo, type RelationInfo } from "../model/entity-info.js";
import type { CascadeMeta, ColumnMeta } from "../schema-meta.js";

/**
 * Per entity, the relations and columns each flush step looks at, chosen once
 * instead of filtering every relation of every object on every pass (a flush
 * of 10,000 new objects walks them several times).
 */
export interface EntityLists {
  /** Relations that carry each cascade. */
  readonly cascade: ReadonlyMap<CascadeMeta, readonly RelationInfo[]>;
  /** Writable relations without save-update: a new object found in one is refused, not silently skipped. */
  readonly withoutSaveUpdate: readonly RelationInfo[];
  /** To-one relations whose key sits on this side and are written (the parents a row takes keys from). */
  readonly parents: readonly RelationInfo[];
  /** To-one relations with the key on this side, view-only ones included (what `forgetUnsetReferences` looks at). */
  readonly ownKeys: readonly RelationInfo[];
  /** Of `ownKeys`, those whose other side deletes orphans: clearing one makes this object an orphan. */
  readonly orphaning: readonly RelationInfo[];
  /** NOT NULL columns with no default nor autoincrement (an INSERT needs a value or a parent for each), with the to-one relations that fill them. */
  readonly required: readonly { readonly column: ColumnMeta; readonly fillers: readonly RelationInfo[] }[];
  /** Columns a default fills when they have no value. */
  readonly defaulted: readonly ColumnMeta[];
  /** Writable many-to-many relations (whose link changes become association rows). */
  readonly links: readonly RelationInfo[];
}

/** Kept on the entity itself: a property read per object, where a WeakMap lookup cost more than the filtering it saves. */
const LISTS = Symbol("relgen.flushLists");
type Holder = { [LISTS]?: { count: number; lists: EntityLists } };

export function listsOf(entity: EntityInfo): EntityLists {
  const known = (entity as Holder)[LISTS];
  // A hidden reverse relation may be added to an entity after its lists were made.
  if (known !== undefined && known.count === entity.relations.length) return known.lists;
  const made = build(entity);
  (entity as Holder)[LISTS] = { count: entity.relations.length, lists: made };
  return made;
}

const CASCADES: readonly CascadeMeta[] = ["save-update", "merge", "delete", "delete-orphan", "refresh-expire", "expunge"];

function build(entity: EntityInfo): EntityLists {
  const relations = [...entity.relations];
  const cascade = new Map<CascadeMeta, RelationInfo[]>();
  for (const kind of CASCADES) cascade.set(kind, relations.filter((r) => r.meta.cascade.includes(kind)));
  const ownKeys = relations.filter((r) => r.meta.foreignKeySide === "self" && !r.many);
  return {
    cascade,
    withoutSaveUpdate: relations.filter((r) => !r.meta.viewOnly && !r.meta.cascade.includes("save-update")),
    parents: ownKeys.filter((r) => !r.meta.viewOnly),
    ownKeys,
    orphaning: ownKeys.filter((r) => inverseOf(r)?.meta.cascade.includes("delete-orphan")),
    required: entity.columns
      .filter((c) => !c.nullable && !c.autoincrement && !c.default)
      .map((column) => ({ column, fillers: ownKeys.filter((r) => r.meta.localColumns.includes(column.name)) })),
    defaulted: entity.columns.filter((c) => c.default),
    links: relations.filter((r) => r.meta.kind === "many-to-many" && !r.meta.viewOnly),
  };
}

export function cascadeRelations(entity: EntityInfo, kind: CascadeMeta): readonly RelationInfo[] {
  return listsOf(entity).cascade.get(kind)!;
}
