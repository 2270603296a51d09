import { decoded, identityKey, type EntityMapper } from "../engine/entity-mapper.js";
import { inverseOf, type EntityInfo, type RelationInfo } from "../model/entity-info.js";
import { stateOf, Status } from "../model/instance-state.js";
import { SqlBuilder } from "../query/sql-builder.js";
import type { ColumnMeta } from "../schema-meta.js";
import type { EntityEventName } from "./events.js";
import type { IdentityMap } from "./identity-map.js";
import { keyChunks, keyIn } from "./key-in.js";

/**
 * A row a delete cascade reaches that the session holds no object for, and
 * that nothing could observe as one (see `KeyOnlyRules`): only its key and
 * the columns the cascade goes on with are read, and it is deleted (or its
 * foreign key cleared) by that key. It never becomes an object.
 */
export class KeyRow {
  constructor(
    readonly entity: EntityInfo,
    /** Field → model value: the primary key, the key to `parent`, and the keys its own children refer to. */
    readonly values: Readonly<Record<string, unknown>>,
    /** Its identity-map key. */
    readonly key: unknown,
    /** The object or row it was reached from. */
    readonly parent: object,
  ) {}
}

/** A row whose foreign key to a deleted parent is cleared by key (`relation` is the parent's side). */
export interface ClearedRow {
  readonly row: KeyRow;
  readonly relation: RelationInfo;
}

export interface KeyHost {
  readonly identity: IdentityMap;
  mapperOf(entity: string): EntityMapper;
  hasRowHandlers(entity: EntityInfo, events: readonly EntityEventName[]): boolean;
  loadContext(): { query(sql: string, params: readonly unknown[]): Promise<unknown[][]> };
}

/** The entity of a session object or of a key row. */
export function entityOfItem(item: object): EntityInfo {
  return item instanceof KeyRow ? item.entity : stateOf(item).entity;
}

/** What a statement by key reads its values from: the object itself, or a key row's values. */
export function valuesOf(item: object): object {
  return item instanceof KeyRow ? item.values : item;
}

/**
 * A stand-in object for a key row, built only when a statement about it is
 * refused, so the error can name it (`Post 7`) like any object. It is new,
 * never joins the session, and carries just the key row's columns.
 */
export function reportable(item: object): object {
  if (!(item instanceof KeyRow)) return item;
  return Object.assign(Object.create(item.entity.model.prototype as object) as object, item.values);
}

/**
 * When a cascade may work with key rows, decided per entity once per flush.
 * Rows of an entity can be deleted by key when nothing needs their objects:
 * no `beforeDelete` / `afterDelete` handler, no association rows to delete
 * with them, no parent their delete cascades to, its table on no cycle of
 * foreign keys (the delete order is then by table), and everything they
 * cascade to or un-parent can be handled by key too. A row's foreign key
 * can be cleared by key when its entity has no `beforeUpdate` /
 * `afterUpdate` handler and that key is nullable (a NOT NULL one fails the
 * flush on the object path, with the message that names both objects).
 */
export class KeyOnlyRules {
  private readonly deletable = new Map<EntityInfo, boolean>();
  private readonly clearable = new Map<RelationInfo, boolean>();
  private readonly fields = new Map<string, readonly ColumnMeta[]>();

  constructor(private readonly host: KeyHost) {}

  canDelete(entity: EntityInfo): boolean {
    let ok = this.deletable.get(entity);
    if (ok === undefined) {
      // Asked again while deciding (relations that lead back): no, until decided.
      this.deletable.set(entity, false);
      ok = this.decideDelete(entity);
      this.deletable.set(entity, ok);
    }
    return ok;
  }

  /** For a relation whose children hold the key and that does not cascade the delete. */
  canClear(relation: RelationInfo): boolean {
    let ok = this.clearable.get(relation);
    if (ok === undefined) {
      const child = this.host.mapperOf(relation.meta.target).info;
      ok =
        inverseOf(relation) !== undefined &&
        !this.host.hasRowHandlers(child, ["beforeUpdate", "afterUpdate"]) &&
        relation.meta.remoteColumns.every((f) => columnOf(child, f).nullable);
      this.clearable.set(relation, ok);
    }
    return ok;
  }

  /** Whether the children of `relation` (which hold the key) can be reached as key rows, given its rules. */
  canReach(relation: RelationInfo): boolean {
    const meta = relation.meta;
    if (meta.kind === "many-to-many" || meta.foreignKeySide === "self" || meta.passiveDeletes) return false;
    return meta.cascade.includes("delete") ? this.canDelete(this.host.mapperOf(meta.target).info) : this.canClear(relation);
  }

  private decideDelete(entity: EntityInfo): boolean {
    if (this.host.hasRowHandlers(entity, ["beforeDelete", "afterDelete"]) || onForeignKeyCycle(entity)) return false;
    for (const relation of entity.relations) {
      const meta = relation.meta;
      if (meta.kind === "many-to-many") {
        if (meta.viewOnly) continue;
        return false;
      }
      if (relation.hidden || meta.viewOnly) continue;
      const cascades = meta.cascade.includes("delete");
      if (meta.foreignKeySide === "self") {
        if (cascades) return false;
        continue;
      }
      // A key row never has its children loaded: passive ones are the database's.
      if (meta.passiveDeletes) continue;
      if (!this.canReach(relation)) return false;
    }
    return true;
  }

  /**
   * The columns read for a key row of `entity` reached through `relation`:
   * its primary key, its key to the owner, and what its own children's
   * relations join on.
   */
  fieldsOf(entity: EntityInfo, relation: RelationInfo): readonly ColumnMeta[] {
    const id = `${entity.name}|${relation.owner}.${relation.name}`;
    let fields = this.fields.get(id);
    if (!fields) {
      const names = new Set([...entity.meta.primaryKey, ...relation.meta.remoteColumns]);
      for (const r of entity.relations) {
        if (!r.hidden && !r.meta.viewOnly && r.meta.foreignKeySide === "target") for (const f of r.meta.localColumns) names.add(f);
      }
      fields = [...names].map((f) => columnOf(entity, f));
      this.fields.set(id, fields);
    }
    return fields;
  }
}

/**
 * Whether the children of `owners` through `relation` can be read as keys:
 * every owner stored, with the relation neither loaded nor holding additions
 * or removals made in memory (those need the objects). All or none, so a
 * level still costs one read per relation.
 */
export function byKeyAll(owners: readonly object[], relation: RelationInfo): boolean {
  for (const owner of owners) {
    if (owner instanceof KeyRow) continue;
    const state = stateOf(owner);
    if (!state.hasRow && state.status !== Status.Persistent) return false;
    const slot = state.peekSlot(relation);
    if (slot && (slot.loaded || slot.added?.length || slot.removed?.size || slot.linkAdds?.size || slot.linkRemoves?.size)) return false;
  }
  return true;
}

/**
 * The children of `owners` through `relation` (whose children hold the
 * key), one `SELECT <key columns> … WHERE fk IN (…)` per chunk of owners.
 * A child the session already holds comes back as its object (it goes the
 * object path: marked deleted, taken out of collections, its key cleared in
 * memory); every other one as a key row.
 */
export async function readChildren(
  host: KeyHost,
  rules: KeyOnlyRules,
  owners: readonly object[],
  relation: RelationInfo,
): Promise<{ owner: object; child: object }[]> {
  const meta = relation.meta;
  const mapper = host.mapperOf(meta.target);
  const entity = mapper.info;
  const d = mapper.dialect;
  const fields = rules.fieldsOf(entity, relation);
  const remote = meta.remoteColumns.map((f) => columnOf(entity, f));
  const remoteAt = remote.map((c) => fields.indexOf(c));
  const pkAt = entity.meta.primaryKey.map((f) => fields.indexOf(columnOf(entity, f)));
  const decoders = fields.map((c) => mapper.rowDecoders[entity.columnIndex.get(c.name)!]);
  const select = fields.map((c) => d.selectColumn(d.quote(c.column), c.type)).join(", ");

  // Owners by the values their children's key holds (an owner with a NULL there has none).
  const byValues = new Map<unknown, object>();
  const probes: Record<string, unknown>[] = [];
  for (const owner of owners) {
    const values = valuesOf(owner) as Record<string, unknown>;
    const probe: Record<string, unknown> = {};
    let complete = true;
    meta.localColumns.forEach((f, i) => {
      const v = values[f];
      if (v === null || v === undefined) complete = false;
      probe[remote[i]!.name] = v;
    });
    if (!complete) continue;
    byValues.set(identityKey(meta.localColumns.map((f) => values[f])), owner);
    probes.push(probe);
  }

  const held = host.identity.of(entity);
  const out: { owner: object; child: object }[] = [];
  for (const chunk of keyChunks(probes, remote.length)) {
    const sb = new SqlBuilder(d);
    const where = keyIn(sb, remote.map((c) => c.column), remote, chunk, entity.name);
    const rows = await host.loadContext().query(`SELECT ${select} FROM ${mapper.table} WHERE ${where}`, sb.params);
    for (const raw of rows) {
      const row = fields.map((_, i) => decoded(raw[i], decoders[i]));
      const owner = byValues.get(identityKey(remoteAt.map((i) => row[i])));
      if (!owner) continue;
      const key = identityKey(pkAt.map((i) => row[i]));
      const obj = held.get(key);
      if (obj) {
        out.push({ owner, child: obj });
        continue;
      }
      const values: Record<string, unknown> = {};
      fields.forEach((c, i) => (values[c.name] = row[i]));
      out.push({ owner, child: new KeyRow(entity, values, key, owner) });
    }
  }
  return out;
}

const cycleCache = new WeakMap<EntityInfo, boolean>();

/** Whether `entity`'s table can reach itself through foreign keys (a tree, or tables that refer to each other). */
function onForeignKeyCycle(entity: EntityInfo): boolean {
  let found = cycleCache.get(entity);
  if (found === undefined) {
    const tables = new Map(entity.schema.tables.map((t) => [t.name, t] as const));
    const start = entity.meta.table;
    const seen = new Set<string>();
    const stack = [start];
    found = false;
    while (stack.length > 0 && !found) {
      for (const fk of tables.get(stack.pop()!)?.foreignKeys ?? []) {
        if (fk.targetTable === start) found = true;
        else if (!seen.has(fk.targetTable)) {
          seen.add(fk.targetTable);
          stack.push(fk.targetTable);
        }
      }
    }
    cycleCache.set(entity, found);
  }
  return found;
}

function columnOf(entity: EntityInfo, field: string): ColumnMeta {
  return entity.columns[entity.columnIndex.get(field)!]!;
}
