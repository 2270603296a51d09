import type { EntityMapper } from "../engine/entity-mapper.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import type { EntityInfo, RelationInfo } from "../model/entity-info.js";
import { stateOf } from "../model/instance-state.js";
import { SqlBuilder } from "../query/sql-builder.js";
import type { ColumnMeta } from "../schema-meta.js";
import { byKeyAll, reportable, valuesOf, type KeyHost, type KeyOnlyRules } from "./delete-keys.js";
import type { EntityEventName } from "./events.js";
import { describe } from "./flush-plan.js";
import { keyChunks, keyIn } from "./key-in.js";
import { translateError } from "./translate-error.js";

/**
 * The children of some deleted parents through `relation` (whose children
 * hold the key), written by their parents' keys without being read:
 * `DELETE FROM child WHERE fk IN (…)`, or, for a relation that un-parents,
 * `UPDATE child SET fk = NULL WHERE fk IN (…)`. Only made where reading
 * them could show nothing more (see `ByParentRules`).
 */
export class ChildrenOf {
  constructor(
    readonly entity: EntityInfo,
    readonly relation: RelationInfo,
    /** Deleted objects or key rows (delete-keys.ts). */
    readonly parents: readonly object[],
    readonly action: "delete" | "unparent",
  ) {}
}

export interface ByParentHost extends KeyHost {
  readonly pending: ReadonlySet<object>;
}

const ROW_EVENTS: readonly EntityEventName[] = ["beforeInsert", "afterInsert", "beforeUpdate", "afterUpdate", "beforeDelete", "afterDelete"];

/**
 * When a relation's children may be written by their parents' keys, per
 * flush. Reading them first would only matter where an object of theirs
 * could see it: so the session must hold no object of the child entity
 * (stored or pending: the ORM would have to mark it deleted or clear its
 * key in memory), no row handler may be registered for it, and, for a
 * delete, it must be a last level: key rows could be made of it
 * (`KeyOnlyRules.canDelete`), and everything below it is the database's
 * (`@passiveDeletes`), so no cascade or orphan rule goes on from its rows.
 * An un-parent needs what clearing by key needs (`canClear`: a nullable key).
 */
export class ByParentRules {
  /** Child entities that gained objects during planning: the plan is made again without them. */
  private readonly denied = new Set<EntityInfo>();
  private readonly made: ChildrenOf[] = [];
  private pendingEntities: Set<EntityInfo> | undefined;

  constructor(
    private readonly host: ByParentHost,
    private readonly keys: KeyOnlyRules,
  ) {}

  /** The by-parent write for `owners`' children through `relation`, or undefined for the reading path. */
  childrenOf(owners: readonly object[], relation: RelationInfo): ChildrenOf | undefined {
    const meta = relation.meta;
    if (meta.kind === "many-to-many" || meta.foreignKeySide === "self" || meta.passiveDeletes) return undefined;
    const child = this.host.mapperOf(meta.target).info;
    if (this.denied.has(child) || this.holds(child) || this.host.hasRowHandlers(child, ROW_EVENTS)) return undefined;
    const action = meta.cascade.includes("delete") ? "delete" : "unparent";
    if (action === "delete" ? !this.keys.canDelete(child) || !lastLevel(child) : !this.keys.canClear(relation)) return undefined;
    // A loaded collection, or one with additions or removals, holds objects the ORM must see.
    if (!byKeyAll(owners, relation)) return undefined;
    const made = new ChildrenOf(child, relation, owners, action);
    this.made.push(made);
    return made;
  }

  /**
   * After planning: whether an entity written by its parents' keys got
   * objects in the session meanwhile (a later level loaded some). Those
   * entities are refused from now on; true when the plan must be made again.
   */
  replan(): boolean {
    let again = false;
    for (const { entity } of this.made) {
      if (!this.denied.has(entity) && this.host.identity.of(entity).size > 0) {
        this.denied.add(entity);
        again = true;
      }
    }
    this.made.length = 0;
    return again;
  }

  private holds(entity: EntityInfo): boolean {
    if (this.host.identity.of(entity).size > 0) return true;
    if (!this.pendingEntities) {
      this.pendingEntities = new Set();
      for (const obj of this.host.pending) this.pendingEntities.add(stateOf(obj).entity);
    }
    return this.pendingEntities.has(entity);
  }
}

/** Whether nothing below `entity`'s rows needs the ORM: every relation whose rows refer to it is left to the database. */
function lastLevel(entity: EntityInfo): boolean {
  for (const relation of entity.relations) {
    const meta = relation.meta;
    if (relation.hidden || meta.viewOnly || meta.kind === "many-to-many" || meta.foreignKeySide === "self") continue;
    if (!meta.passiveDeletes) return false;
  }
  return true;
}

/**
 * The un-parent writes placed at the front of the batch that deletes their
 * first parent: after the children's own batches (a child the database
 * removes with a deleted sibling, by ON DELETE, is not updated first), and
 * before any of the parents' DELETEs. Their parents are all in `batches`
 * (a parent of an early delete keeps every delete late, flush-plan.ts).
 */
export function withUnparented(batches: object[][], unparented: readonly ChildrenOf[]): object[][] {
  if (unparented.length === 0) return batches;
  const batchOf = new Map<object, number>();
  batches.forEach((batch, i) => {
    for (const item of batch) batchOf.set(item, i);
  });
  const first = new Map<number, ChildrenOf[]>();
  for (const item of unparented) {
    // A loop, not Math.min(...): a flush may delete more parents than a call takes arguments.
    let at = Infinity;
    for (const p of item.parents) at = Math.min(at, batchOf.get(p) ?? 0);
    const list = first.get(at);
    if (list) list.push(item);
    else first.set(at, [item]);
  }
  return batches.map((batch, i) => (first.has(i) ? [...first.get(i)!, ...batch] : batch));
}

type Statement = { sql: string; params: unknown[] };

/** Runs by-parent writes, one statement per relation and chunk of parents. */
export async function writeByParent(
  host: { mapperOf(entity: string): EntityMapper },
  items: readonly ChildrenOf[],
  conn: LoggedConnection,
): Promise<void> {
  const byRelation = new Map<RelationInfo, ChildrenOf[]>();
  for (const item of items) {
    const group = byRelation.get(item.relation);
    if (group) group.push(item);
    else byRelation.set(item.relation, [item]);
  }
  for (const [relation, group] of byRelation) {
    const { entity, action } = group[0]!;
    const mapper = host.mapperOf(entity.name);
    const remote = relation.meta.remoteColumns.map((f) => columnOf(entity, f));
    // Parents by the values their children's key holds; one with a NULL there has none.
    const probes = new Map<object, Record<string, unknown>>();
    for (const item of group) {
      for (const parent of item.parents) {
        if (probes.has(parent)) continue;
        const values = valuesOf(parent) as Record<string, unknown>;
        const probe: Record<string, unknown> = {};
        let complete = true;
        relation.meta.localColumns.forEach((f, i) => {
          const v = values[f];
          if (v === null || v === undefined) complete = false;
          probe[remote[i]!.name] = v;
        });
        if (complete) probes.set(parent, probe);
      }
    }
    const statement = (parents: readonly object[]) => byParentStatement(mapper, action, remote, parents.map((p) => probes.get(p)!));
    const referrer = (parents: readonly object[]) => () => referrerOf(conn, mapper, remote, parents.map((p) => probes.get(p)!));
    for (const chunk of keyChunks([...probes.keys()], remote.length)) {
      await runChunk(conn, mapper, relation, action, chunk, statement, referrer);
    }
  }
}

function byParentStatement(mapper: EntityMapper, action: "delete" | "unparent", remote: readonly ColumnMeta[], probes: readonly object[]): Statement {
  const sb = new SqlBuilder(mapper.dialect);
  // NULL is bound like any value; SET comes before WHERE, so its placeholders are numbered first.
  const set = action === "unparent" ? remote.map((c) => `${sb.q(c.column)} = ${sb.param(null)}`).join(", ") : "";
  const where = keyIn(sb, remote.map((c) => c.column), remote, probes, mapper.info.name);
  const sql = action === "delete" ? `DELETE FROM ${mapper.table} WHERE ${where}` : `UPDATE ${mapper.table} SET ${set} WHERE ${where}`;
  return { sql, params: sb.params };
}

const SAVEPOINT = "relgen_parents";

/**
 * One chunk's statement. A refusal names the parents whose children it was
 * about: SQLite and MySQL undo just the failed statement, so the chunk is
 * run again parent by parent under a savepoint until the refused parent
 * (and rolled back to it, so the retries leave nothing); PostgreSQL has
 * aborted the transaction by then, and its report names a child's key, not
 * the parent, so the error names the chunk's parents. The flush then rolls
 * back as a whole.
 */
async function runChunk(
  conn: LoggedConnection,
  mapper: EntityMapper,
  relation: RelationInfo,
  action: "delete" | "unparent",
  parents: readonly object[],
  statement: (parents: readonly object[]) => Statement,
  referrer: (parents: readonly object[]) => () => Promise<{ table: string; column: string } | undefined>,
): Promise<void> {
  const dialect = mapper.dialect;
  const first = statement(parents);
  const refused = async (error: unknown, of: readonly object[], s: Statement) =>
    translateError(
      error,
      dialect,
      {
        action: action === "delete" ? "delete" : "update",
        entity: mapper.info,
        obj: reportable(of[0]!),
        subject: subjectOf(mapper.info, relation, of, action),
        referrer: referrer(of),
        sql: s.sql,
        params: s.params,
      },
      conn,
    );
  try {
    await conn.execute(first.sql, first.params);
    return;
  } catch (error) {
    if (parents.length === 1 || dialect.name === "postgres" || !dialect.classifyError(error)) throw await refused(error, parents, first);
  }
  await conn.execute(`SAVEPOINT ${SAVEPOINT}`, []);
  for (const parent of parents) {
    const one = statement([parent]);
    try {
      await conn.execute(one.sql, one.params);
    } catch (error) {
      const typed = await refused(error, [parent], one);
      // A lost connection has no savepoint left to roll back to: the error about the parent still counts.
      await conn.execute(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`, []).catch(() => undefined);
      await conn.execute(`RELEASE SAVEPOINT ${SAVEPOINT}`, []).catch(() => undefined);
      throw typed;
    }
  }
  // Each parent's statement went through on its own (MySQL checks a foreign key row by row inside one statement).
  await conn.execute(`RELEASE SAVEPOINT ${SAVEPOINT}`, []);
}

/** "the Posts of User 12 (User.posts)"; a chunk's parents shortened after a few. */
function subjectOf(child: EntityInfo, relation: RelationInfo, parents: readonly object[], action: "delete" | "unparent"): string {
  const SHOWN = 5;
  const named = parents.slice(0, SHOWN).map((p) => describe(reportable(p)));
  const more = parents.length > SHOWN ? ` and ${parents.length - SHOWN} more` : "";
  const what = action === "delete" ? `the ${child.name} rows of` : `the ${child.name} rows (their key cleared) of`;
  return `${what} ${named.join(", ")}${more} (${relation.owner}.${relation.name})`;
}

/**
 * For SQLite, which names no table in a refused delete: the first table of
 * the schema whose key to the children neither cascades nor clears and that
 * has a row still referring to one of the probed parents' children (a table
 * outside the schema is not found: the message then says "another table").
 */
async function referrerOf(
  conn: LoggedConnection,
  mapper: EntityMapper,
  remote: readonly ColumnMeta[],
  probes: readonly object[],
): Promise<{ table: string; column: string } | undefined> {
  const child = mapper.info;
  const d = mapper.dialect;
  for (const table of child.schema.tables) {
    for (const fk of table.foreignKeys) {
      // A key the database cascades or clears does not refuse the delete.
      if (fk.targetTable !== child.meta.table || fk.onDelete === "cascade" || fk.onDelete === "set-null") continue;
      const columns = fk.columns.map((c) => table.columns.find((x) => x.name === c)?.column ?? c);
      const targets = fk.targetColumns.map((f) => columnOf(child, f).column);
      const sb = new SqlBuilder(d);
      const where = keyIn(sb, remote.map((c) => c.column), remote, probes, child.name);
      const rows = await conn.query(
        `SELECT 1 FROM ${d.quote(table.name)} WHERE (${columns.map((c) => d.quote(c)).join(", ")}) IN ` +
          `(SELECT ${targets.map((c) => d.quote(c)).join(", ")} FROM ${mapper.table} WHERE ${where})`,
        sb.params,
      );
      if (rows.length > 0) return { table: table.name, column: columns[0]! };
    }
  }
  return undefined;
}

function columnOf(entity: EntityInfo, field: string): ColumnMeta {
  return entity.columns[entity.columnIndex.get(field)!]!;
}
