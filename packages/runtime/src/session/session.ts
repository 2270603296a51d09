import type { EngineCore } from "../engine/engine-core.js";
import { identityKey, type EntityMapper } from "../engine/entity-mapper.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { flushInSavepoint } from "./savepoint.js";
import { FlushError } from "../errors/flush-error.js";
import { RelgenError } from "../errors/relgen-error.js";
import { SessionStateError } from "../errors/usage-errors.js";
import { Loader } from "../load/loader.js";
import { relationPath } from "../load/relation-sql.js";
import { entityOfClass, type ModelClass, type RelationInfo } from "../model/entity-info.js";
import { SqlBuilder } from "../query/sql-builder.js";
import { PRELOADED, stateOf, Status, untouched, type Carrier, type InstanceState, type RowOrigin } from "../model/instance-state.js";
import type { RelationLoader } from "../model/handles.js";
import { QueryImpl, type Query } from "../query/query.js";
import type { RelationQuery } from "../relations.js";
import { planFlush } from "./flush-plan.js";
import { runFlush } from "./flush-run.js";
import { IdentityMap } from "./identity-map.js";
import { cascadeMerge, cascadeTargets } from "./cascade.js";
import { UndoLog } from "./undo-log.js";
import { fromHex } from "../util/platform.js";
import { checkTemplate, rawEntities, rawExecute, rawRows, type SqlValue } from "./raw-sql.js";

/**
 * A unit of work and an identity map over one engine: objects are added and
 * deleted in memory, and `flush()` writes all of it in one transaction. Reads
 * outside `transaction()` take the connection for one statement at a time.
 */
export class Session implements RelationLoader {
  /** @internal */ readonly identity = new IdentityMap();
  /** @internal */ readonly pending = new Set<object>();
  /** @internal */ readonly toDelete = new Set<object>();
  private conn: LoggedConnection | undefined;
  private txUndo: UndoLog | undefined;
  private lazyQueue = new Map<RelationInfo, { owners: object[]; done: Promise<void> }>();

  /** @internal */
  constructor(readonly engine: EngineCore) {}

  /** Adds an object (and what its `save-update` relations reach) to the session. */
  add<T extends object>(obj: T): T {
    this.adopt(obj);
    return obj;
  }

  addAll(objects: Iterable<object>): void {
    for (const obj of objects) this.adopt(obj);
  }

  /** Marks an object for deletion at the next flush; its `delete` cascades follow then. */
  delete(obj: object): void {
    const state = stateOf(obj);
    if (state.status === Status.Transient) {
      throw new SessionStateError(`Cannot delete ${state.entity.name}: it was never added to a session.`);
    }
    this.own(obj, state);
    if (state.status === Status.Pending) {
      // Never written: it simply leaves.
      this.pending.delete(obj);
      state.status = Status.Transient;
      state.session = undefined;
      return;
    }
    state.deleteRequested = true;
    this.toDelete.add(obj);
  }

  /** Writes every pending change in one transaction; on failure nothing is written and the objects are as before. */
  async flush(): Promise<void> {
    this.cascadeSaveUpdate();
    const hasWork =
      this.pending.size > 0 || this.toDelete.size > 0 || [...this.persistentObjects()].some((o) => isDirty(this, o));
    if (!hasWork) return;
    const outer = this.conn;
    // A flush's own log even inside a transaction: a failed flush is undone alone.
    const undo = new UndoLog();
    try {
      const plan = await planFlush(this, undo);
      if (outer) await flushInSavepoint(outer, () => runFlush(this, plan, undo, outer));
      else await this.inOwnTransaction((conn) => runFlush(this, plan, undo, conn));
    } catch (error) {
      undo.apply();
      throw error;
    }
    if (outer) this.txUndo!.absorb(undo);
  }

  /** One connection, one transaction, released whatever happens. */
  private async inOwnTransaction<R>(work: (conn: LoggedConnection) => Promise<R>): Promise<R> {
    const conn = await this.engine.acquire();
    try {
      await conn.begin();
      const result = await work(conn);
      await conn.commit();
      return result;
    } catch (error) {
      await conn.rollback().catch(() => undefined);
      throw error;
    } finally {
      conn.release();
    }
  }

  /** `flush()`; inside `transaction()` the commit itself happens when the callback returns. */
  async commit(): Promise<void> {
    await this.flush();
  }

  /**
   * Discards what was not flushed: new objects leave the session, changed
   * columns return to their loaded values, deletes are cancelled, and loaded
   * relations are forgotten so the next access reads the database again.
   */
  async rollback(): Promise<void> {
    for (const obj of this.pending) {
      const state = stateOf(obj);
      state.status = Status.Transient;
      state.session = undefined;
    }
    this.pending.clear();
    for (const obj of this.toDelete) stateOf(obj).deleteRequested = false;
    this.toDelete.clear();
    for (const obj of this.identity.objects()) {
      if (untouched(obj) && !this.engine.mapperOf(stateEntity(obj)).changedSinceRow(obj)) {
        (obj as Carrier)[PRELOADED] = undefined;
        continue;
      }
      this.expire(obj);
    }
  }

  /**
   * Runs `work` in one database transaction shared by its reads and flushes.
   * Commits when it returns; when it throws, rolls back the database and puts
   * the session's objects back as they were before, then rethrows.
   */
  async transaction<R>(work: (session: this) => Promise<R>): Promise<R> {
    if (this.conn) return work(this);
    const undo = new UndoLog();
    const pendingBefore = new Set(this.pending);
    const deletesBefore = new Set(this.toDelete);
    this.txUndo = undo;
    try {
      return await this.inOwnTransaction(async (conn) => {
        this.conn = conn;
        const result = await work(this);
        await this.flush();
        return result;
      });
    } catch (error) {
      undo.apply();
      // Columns changed inside the transaction go back to their committed values.
      for (const obj of this.persistentObjects()) this.revertColumns(obj);
      // Objects that joined, and deletes asked for, during the failed transaction go with it.
      for (const obj of [...this.pending]) {
        if (pendingBefore.has(obj)) continue;
        this.pending.delete(obj);
        const state = stateOf(obj);
        state.status = Status.Transient;
        state.session = undefined;
      }
      for (const obj of [...this.toDelete]) {
        if (deletesBefore.has(obj)) continue;
        this.toDelete.delete(obj);
        stateOf(obj).deleteRequested = false;
      }
      throw error;
    } finally {
      this.conn = undefined;
      this.txUndo = undefined;
    }
  }

  /** The object with this primary key: from the identity map when present, else one SELECT. */
  async get<T extends object>(model: abstract new (...args: never[]) => T, key: unknown): Promise<T | undefined> {
    const entity = entityOfClass(model as unknown as ModelClass);
    const pk = entity.meta.primaryKey;
    const filter: Record<string, unknown> = {};
    if (pk.length === 1) filter[pk[0]!] = key;
    else {
      if (typeof key !== "object" || key === null) {
        throw new RelgenError(`${entity.name} has a composite key; pass { ${pk.join(", ")} }.`);
      }
      for (const f of pk) filter[f] = (key as Record<string, unknown>)[f];
    }
    const mapper = this.engine.mapperOf(entity.name);
    const cached = this.identity.get(entity, mapper.keyOf(filter));
    if (cached && !stateOf(cached).deleteRequested) return cached as T;
    return (await this.query(model).where(filter as never).first()) as T | undefined;
  }

  /** A query over one model: `where`, `orderBy`, `limit`, `offset`, `with`, then `all` / `first` / `one` / `count`. */
  query<T extends object>(model: abstract new (...args: never[]) => T): Query<T> {
    const entity = entityOfClass(model as unknown as ModelClass);
    return QueryImpl.root(this, this.engine.mapperOf(entity.name)) as unknown as Query<T>;
  }

  /**
   * Copies a detached object's column values onto this session's object for
   * the same row (loading or creating it), following `merge` cascades through
   * loaded relations. Returns the session's object.
   */
  async merge<T extends object>(obj: T): Promise<T> {
    return (await cascadeMerge(this, obj, new Map())) as T;
  }

  /** Removes an object (and its `expunge` cascades) from the session without touching the database. */
  expunge(obj: object): void {
    for (const o of cascadeTargets(obj, "expunge")) {
      const state = stateOf(o);
      if (state.session !== this) continue;
      this.pending.delete(o);
      this.toDelete.delete(o);
      if (state.key !== undefined) this.identity.delete(state.entity, state.key);
      state.session = undefined;
      state.status = state.hasRow || state.status === Status.Persistent ? Status.Detached : Status.Transient;
    }
  }

  /** Reloads an object's columns from the database (and those of its loaded `refresh-expire` relations). */
  async refresh(obj: object): Promise<void> {
    for (const o of cascadeTargets(obj, "refresh-expire")) {
      const state = stateOf(o);
      if (state.session !== this || state.status !== Status.Persistent) {
        if (o === obj) throw new SessionStateError(`Cannot refresh ${state.entity.name}: it is not a saved object of this session.`);
        continue;
      }
      const mapper = this.engine.mapperOf(state.entity.name);
      const sb = new SqlBuilder(mapper.dialect);
      const where = mapper.info.meta.primaryKey
        .map((f) => {
          const column = mapper.info.columns[mapper.info.columnIndex.get(f)!]!;
          return `${sb.col("t0", column.column)} = ${sb.param(mapper.dialect.encode(column.type, (o as Record<string, unknown>)[f]))}`;
        })
        .join(" AND ");
      const rows = await this.runQuery(`SELECT ${mapper.selectList(sb, "t0")} FROM ${mapper.table} ${sb.q("t0")} WHERE ${where}`, sb.params);
      const row = rows[0];
      if (!row) throw new SessionStateError(`Cannot refresh ${state.entity.name} ${String(state.key)}: its row no longer exists.`);
      const values = o as Record<string, unknown>;
      mapper.info.columns.forEach((c, i) => {
        const raw = row[i];
        const decode = mapper.rowDecoders[i];
        values[c.name] = raw === null || raw === undefined || !decode ? (raw ?? null) : decode(raw);
      });
      state.snapshot = mapper.snapshotOf(o);
      state.raw = undefined;
      state.slots = undefined;
    }
  }

  /** Every object this session holds, by state: useful in tests and debugging. */
  get size(): number {
    return this.identity.size + this.pending.size;
  }

  /**
   * Raw SQL as a template tag; every `${value}` is a bound parameter. Plain
   * rows keyed by column name (`R` is the caller's promise, not checked):
   * `` await session.sql<{ n: number }>`SELECT COUNT(*) AS n FROM pets WHERE age > ${age}` ``.
   * With a model, the session's objects through the identity map:
   * `` await session.sql(Pet)`SELECT * FROM pets WHERE name LIKE ${p}` ``.
   */
  sql<R extends object = Record<string, unknown>>(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<R[]>;
  sql<T extends object>(model: abstract new (...args: never[]) => T): (strings: TemplateStringsArray, ...values: SqlValue[]) => Promise<T[]>;
  sql(first: TemplateStringsArray | ModelClass, ...values: SqlValue[]): unknown {
    if (typeof first === "function") {
      const mapper = this.engine.mapperOf(entityOfClass(first).name);
      return (strings: TemplateStringsArray, ...inner: SqlValue[]) => {
        checkTemplate(strings, `session.sql(${mapper.info.name})`);
        return rawEntities(this, mapper, strings, inner);
      };
    }
    checkTemplate(first, "session.sql");
    return rawRows(this, first, values);
  }

  /**
   * A raw statement that changes rows (`` session.execute`UPDATE pets SET age = age + 1 WHERE id = ${id}` ``).
   * It bypasses the identity map: objects already loaded keep their old values until `refresh()`.
   */
  execute(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<{ changes: number }> {
    checkTemplate(strings, "session.execute");
    return rawExecute(this, strings, values);
  }

  /** @internal The connection of the open `transaction()`, if any. */
  get activeConnection(): LoggedConnection | undefined {
    return this.conn;
  }

  /** @internal The transaction's connection, else one taken for `work` alone. */
  async useConnection<R>(work: (conn: LoggedConnection) => Promise<R>): Promise<R> {
    if (this.conn) return work(this.conn);
    const conn = await this.engine.acquire();
    try {
      return await work(conn);
    } finally {
      conn.release();
    }
  }

  // ---- internals used by handles, loaders and flush ----

  /** @internal */
  async loadRelation(owners: readonly object[], relation: RelationInfo): Promise<void> {
    if (!this.engine.options.batchLazyLoads || owners.length !== 1) {
      await new Loader(this.loadContext()).loadRelation(owners, relation);
      return;
    }
    // Lazy loads of one relation started in the same tick share one statement (a dataloader).
    let batch = this.lazyQueue.get(relation);
    if (!batch) {
      const owners: object[] = [];
      const done = Promise.resolve().then(() => {
        this.lazyQueue.delete(relation);
        return new Loader(this.loadContext()).loadRelation(owners, relation);
      });
      batch = { owners, done };
      this.lazyQueue.set(relation, batch);
    }
    batch.owners.push(owners[0]!);
    await batch.done;
  }

  /** @internal */
  fetchRelated(owner: object, relation: RelationInfo): Promise<object[]> {
    return new Loader(this.loadContext()).fetchRelated(owner, relation);
  }

  /** @internal */
  relationQuery(owner: object, relation: RelationInfo): RelationQuery<object> {
    const state = stateOf(owner);
    if (state.status !== Status.Persistent) {
      throw new SessionStateError(
        `Cannot query ${relation.owner}.${relation.name} of a new ${relation.owner}: it has no row yet. Flush the session first.`,
      );
    }
    const target = this.engine.mapperOf(relation.meta.target);
    return QueryImpl.forRelation(this, relationPath(relation, target), owner, this.engine.mapperOf(relation.owner));
  }

  /**
   * @internal Runs a write outside the unit of work (bulk update / delete): on
   * the transaction's connection under a savepoint when one is open (a refused
   * statement leaves that transaction usable, as a failed flush does), else in
   * a transaction of its own.
   */
  async withWriteConnection<R>(work: (conn: LoggedConnection) => Promise<R>): Promise<R> {
    const conn = this.conn;
    if (!conn) return this.inOwnTransaction(work);
    let result: R | undefined;
    await flushInSavepoint(conn, async () => {
      result = await work(conn);
    });
    return result as R;
  }

  /** @internal */
  async runQuery(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    if (this.conn) return this.conn.query(sql, params);
    const conn = await this.engine.acquire();
    try {
      return await conn.query(sql, params);
    } finally {
      conn.release();
    }
  }

  /** @internal */
  loadContext() {
    return {
      mapperOf: (entity: string) => this.engine.mapperOf(entity),
      selectinBatchSize: this.engine.options.selectinBatchSize,
      query: (sql: string, params: readonly unknown[]) => this.runQuery(sql, params),
      materialize: (mapper: EntityMapper, row: readonly unknown[], offset: number, json: boolean) =>
        this.materialize(mapper, row, offset, json),
    };
  }

  /** @internal The session's object for a row: the existing one, or a new persistent one. */
  materialize(mapper: EntityMapper, row: readonly unknown[], offset: number, json: boolean): object {
    const decoders = json ? mapper.jsonDecoders : mapper.rowDecoders;
    const key = mapper.keyFromRow(row, offset, decoders);
    const existing = this.identity.get(mapper.info, key);
    if (existing) return existing;
    const obj = new mapper.Hydrate(row, offset, decoders, this.origin(mapper, offset, json));
    this.identity.set(mapper.info, key, obj);
    return obj;
  }

  /** @internal The session's live object for a primary key, if it holds one. */
  lookup(entity: string, keyValues: readonly unknown[]): object | undefined {
    const obj = this.identity.get(this.engine.mapperOf(entity).info, identityKey(keyValues));
    return obj && stateOf(obj).status === Status.Persistent ? obj : undefined;
  }

  private readonly origins = new Map<EntityMapper, Map<number, RowOrigin>>();

  /** One shared origin per entity, offset and decoding: objects built from rows point at it. */
  private lastOrigin: { mapper: EntityMapper; id: number; origin: RowOrigin } | undefined;

  private origin(mapper: EntityMapper, offset: number, json: boolean): RowOrigin {
    const id = json ? -1 - offset : offset;
    // Rows of one level come in a run: the last origin is almost always the one.
    const last = this.lastOrigin;
    if (last && last.mapper === mapper && last.id === id) return last.origin;
    let byOffset = this.origins.get(mapper);
    if (!byOffset) this.origins.set(mapper, (byOffset = new Map()));
    let origin = byOffset.get(id);
    if (!origin) {
      const decoders = json ? mapper.jsonDecoders : mapper.rowDecoders;
      origin = { entity: mapper.info, session: this, offset, json, keyOf: (row) => mapper.keyFromRow(row, offset, decoders) };
      byOffset.set(id, origin);
    }
    this.lastOrigin = { mapper, id, origin };
    return origin;
  }

  /** @internal */
  mapperOf(entity: string): EntityMapper {
    return this.engine.mapperOf(entity);
  }

  /** @internal */
  /** The session's objects with a row that a flush must look at: all but those only read and unchanged. */
  *persistentObjects(): IterableIterator<object> {
    for (const obj of [...this.identity.objects()]) {
      const origin = untouched(obj);
      if (origin && !this.engine.mapperOf(origin.entity.name).changedSinceRow(obj)) continue;
      yield obj;
    }
  }

  private adopt(obj: object): void {
    for (const o of cascadeTargets(obj, "save-update")) {
      const state = stateOf(o);
      this.own(o, state);
      if (state.status === Status.Transient) {
        state.status = Status.Pending;
        state.session = this;
        this.pending.add(o);
      } else if (state.status === Status.Detached) {
        throw new SessionStateError(
          `This ${state.entity.name} was loaded in another session (or expunged). Use \`await session.merge(obj)\` to bring its changes into this one.`,
        );
      }
    }
  }

  private own(obj: object, state: InstanceState): void {
    if (state.session !== undefined && state.session !== this) {
      throw new SessionStateError(
        `This ${state.entity.name} belongs to another session. Use that session, or \`await session.merge(obj)\` to copy it into this one.`,
      );
    }
  }

  /**
   * Brings in what `save-update` relations reached since `add`, and refuses
   * an object that sits in a session object's relation without that cascade:
   * silently not writing it would lose data (SQLAlchemy warns here).
   */
  private cascadeSaveUpdate(): void {
    const roots = [...this.pending, ...this.persistentObjects()];
    for (const obj of roots) {
      for (const o of cascadeTargets(obj, "save-update")) {
        const state = stateOf(o);
        if (state.status === Status.Transient) {
          state.status = Status.Pending;
          state.session = this;
          this.pending.add(o);
        }
      }
    }
    for (const obj of roots) {
      const state = stateOf(obj);
      for (const relation of state.entity.relations) {
        if (relation.meta.viewOnly || relation.meta.cascade.includes("save-update")) continue;
        const slot = state.peekSlot(relation);
        if (!slot) continue;
        const reached = [slot.value, ...(slot.items ?? []), ...(slot.added ?? []), ...(slot.linkAdds ?? [])];
        const stray = reached.find((o) => o && stateOf(o).status === Status.Transient);
        if (stray) {
          const name = stateOf(stray).entity.name;
          throw new FlushError(
            `A new ${name} is in ${relation.owner}.${relation.name}, but that relation has no save-update cascade, ` +
              `so it would not be written. Add it with session.add(), or add save-update to the relation's @cascade. Nothing was written.`,
            relation.owner,
            relation.name,
          );
        }
      }
    }
  }

  private expire(obj: object): void {
    this.revertColumns(obj);
    const state = stateOf(obj);
    state.slots = undefined;
    state.deleteRequested = false;
  }

  private revertColumns(obj: object): void {
    const state = stateOf(obj);
    if (!state.snapshot && !state.raw) return;
    const mapper = this.engine.mapperOf(state.entity.name);
    const values = obj as Record<string, unknown>;
    const now = mapper.snapshotOf(obj);
    const before = mapper.baseline(state);
    state.entity.columns.forEach((c, i) => {
      if (now[i] !== before[i]) values[c.name] = restore(before[i], c.type.kind);
    });
  }
}

function stateEntity(obj: object): string {
  return untouched(obj)!.entity.name;
}

function restore(value: unknown, kind: string): unknown {
  if (value === null || value === undefined) return value;
  if (kind === "Date" || kind === "DateTime") return new Date(value as number);
  if (kind === "Json") return JSON.parse(value as string);
  if (kind === "Bytes") return fromHex(value as string);
  if (kind === "BigInt") return BigInt((value as string).slice(0, -1));
  return value;
}

function isDirty(session: Session, obj: object): boolean {
  const state = stateOf(obj);
  for (const slot of state.slots ?? []) if (slot && (slot.dirty || slot.linkAdds?.size || slot.linkRemoves?.size)) return true;
  const mapper = session.mapperOf(state.entity.name);
  const now = mapper.snapshotOf(obj);
  const before = mapper.baseline(state);
  return now.some((v, i) => v !== before[i]);
}

