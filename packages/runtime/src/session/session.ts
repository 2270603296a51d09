import type { EngineCore } from "../engine/engine-core.js";
import { decoded, identityKey, type EntityMapper } from "../engine/entity-mapper.js";
import type { LoggedConnection } from "../engine/logged-connection.js";
import { flushInSavepoint } from "./savepoint.js";
import { FlushError } from "../errors/flush-error.js";
import { RelgenError } from "../errors/relgen-error.js";
import { SessionStateError } from "../errors/usage-errors.js";
import { Loader, type LoadContext } from "../load/loader.js";
import { relationPath } from "../load/relation-sql.js";
import { entityOfClass, type EntityInfo, type ModelClass, type RelationInfo } from "../model/entity-info.js";
import { SqlBuilder } from "../query/sql-builder.js";
import { PRELOADED, STATE, stateOf, Status, untouched, type Carrier, type InstanceState, type RowOrigin } from "../model/instance-state.js";
import type { RelationLoader } from "../model/handles.js";
import { QueryImpl, type Query } from "../query/query.js";
import type { RelationQuery } from "../relations.js";
import { planFlush } from "./flush-plan.js";
import { runFlush } from "./flush-run.js";
import { IdentityMap } from "./identity-map.js";
import { cascadeMerge, cascadeTargets, cascadeTargetsOfAll, eachMember } from "./cascade.js";
import { listsOf } from "./relation-lists.js";
import { UndoLog } from "./undo-log.js";
import { fromHex } from "../util/platform.js";
import { checkTemplate, rawEntities, rawExecute, rawRows, type SqlValue } from "./raw-sql.js";
import { fromAutoflush, isClean } from "./autoflush.js";
import { EventHub, fireEntityEvent, fireSessionEvent, type EntityEventName, type EventRegistry, type SessionEventName } from "./events.js";

/** Per-session choices; each defaults to the engine's (`createEngine({ autoflush, expireOnCommit })`). */
export interface SessionOptions {
  /** Flush pending changes before a query, a `get()` that reads, or a lazy load. Default true. */
  readonly autoflush?: boolean;
  /** Expire every object after each commit (`commit()`, `flush()` outside `transaction()`, the end of `transaction()`). Default false. */
  readonly expireOnCommit?: boolean;
}

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
  private readonly events = new EventHub();
  private flushing = false;
  /** @internal A relation was edited through a handle since the last flush: the clean check must not skip the full scan. */
  relationsChanged = false;
  /**
   * Nothing the save-update cascade reaches from the session's objects is
   * transient, and no new object sits in a relation without that cascade: the
   * flush can skip walking every object to find one. Kept by `add` (which
   * walks what it adds); anything else that could break it (a relation edit,
   * an object turning transient, a failed flush) clears it.
   */
  private reachComplete = true;
  /** Flush pending changes before each query, `get()` that reads, and lazy load (`query.autoflush(false)` overrides one query). */
  autoflush: boolean;
  /** Expire every object after each commit the session makes (not after an autoflush). */
  expireOnCommit: boolean;

  /** @internal */
  constructor(
    readonly engine: EngineCore,
    options: SessionOptions = {},
  ) {
    this.autoflush = options.autoflush ?? engine.options.autoflush;
    this.expireOnCommit = options.expireOnCommit ?? engine.options.expireOnCommit;
  }

  /**
   * Registers an event handler for this session (after the engine's own);
   * returns the function that removes it. `beforeFlush`, `afterFlush`,
   * `afterCommit`, `afterRollback` get the session; `beforeInsert` …
   * `afterDelete` take a model class and get each of its objects.
   */
  on: EventRegistry["on"] = (event: string, a: unknown, b?: unknown) => this.events.on(event, a, b);

  /** Objects added and not yet inserted, in the order they joined. */
  get new(): readonly object[] {
    return [...this.pending];
  }

  /** Saved objects with unflushed column or reference changes (not those marked for deletion). */
  get dirty(): readonly object[] {
    const out: object[] = [];
    for (const obj of this.persistentObjects()) {
      if (untouched(obj)) out.push(obj);
      else if (!stateOf(obj).deleteRequested && isDirty(this, obj)) out.push(obj);
    }
    return out;
  }

  /** Objects `delete()` marked, whose rows the next flush deletes. */
  get deleted(): readonly object[] {
    return [...this.toDelete];
  }

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
      this.reachComplete = false;
      state.status = Status.Transient;
      state.session = undefined;
      return;
    }
    state.deleteRequested = true;
    this.toDelete.add(obj);
  }

  /**
   * Writes every pending change in one transaction; on failure nothing is
   * written and the objects are as before. Events, in order: `beforeFlush`,
   * per row `before*` / statement / `after*`, `afterFlush` (inside the
   * transaction), then — outside `transaction()` — `afterCommit`, or
   * `afterRollback` when it failed.
   */
  async flush(): Promise<void> {
    await this.runFlushOnce(false);
  }

  private async runFlushOnce(auto: boolean): Promise<void> {
    if (this.flushing) {
      throw new SessionStateError(
        "flush() was called while this session is already flushing (from an event handler, or a second flush started " +
          "without awaiting the first). Await the running flush; in a beforeFlush handler, change or add objects instead: they join this flush.",
      );
    }
    if (isClean(this, this.relationsChanged, this.mapperOf)) return;
    this.flushing = true;
    const outer = this.conn;
    let committed = false;
    try {
      committed = await this.flushWork(outer);
    } finally {
      this.flushing = false;
    }
    if (committed) await this.committed(!auto);
  }

  /** True when it committed a transaction of its own (outside `transaction()`). */
  private async flushWork(outer: LoggedConnection | undefined): Promise<boolean> {
    try {
      this.cascadeSaveUpdate();
    } catch (error) {
      if (!outer) await this.rolledBack();
      throw error;
    }
    if (!this.hasWork()) {
      this.relationsChanged = false;
      return false;
    }
    // A flush's own log even inside a transaction: a failed flush is undone alone.
    const undo = new UndoLog(this);
    try {
      if (this.hasHandlers("beforeFlush")) {
        await this.fire("beforeFlush");
        // What the handlers added or reached joins this flush.
        this.cascadeSaveUpdate();
      }
      // Outside transaction() and with no handler to run until the flush is through, nothing but the flush
      // writes a new object before this log is applied or dropped: it needs to save only what the flush writes.
      undo.leanColumns = !outer && this.rowEvents() === undefined && !this.hasHandlers("afterFlush");
      const plan = await planFlush(this, undo);
      // Discarded orphans turn transient, and may still sit in other relations.
      if (plan.discarded.length > 0) this.reachComplete = false;
      const work = async (conn: LoggedConnection) => {
        await runFlush(this, plan, undo, conn);
        await this.fire("afterFlush");
      };
      if (outer) await flushInSavepoint(outer, () => work(outer));
      else await this.inOwnTransaction(work);
    } catch (error) {
      undo.apply();
      this.reachComplete = false;
      if (!outer) await this.rolledBack();
      throw error;
    }
    this.relationsChanged = false;
    if (outer) this.txUndo!.absorb(undo);
    return !outer;
  }

  private hasWork(): boolean {
    if (this.pending.size > 0 || this.toDelete.size > 0) return true;
    for (const obj of this.persistentObjects()) if (isDirty(this, obj)) return true;
    return false;
  }

  /** After a commit the session made: expire (when asked to), then `afterCommit`. */
  private async committed(mayExpire: boolean): Promise<void> {
    if (mayExpire && this.expireOnCommit) this.expireAll();
    await this.fire("afterCommit");
  }

  /**
   * `afterRollback` after work the session undid. The failure that caused it
   * is what the caller sees: a handler that throws here is not allowed to
   * replace it.
   */
  private async rolledBack(): Promise<void> {
    await this.fire("afterRollback").catch(() => undefined);
  }

  private hasHandlers(event: SessionEventName): boolean {
    return (this.engine.events.sessionHandlersOf(event)?.length ?? 0) + (this.events.sessionHandlersOf(event)?.length ?? 0) > 0;
  }

  private fire(event: SessionEventName): Promise<void> {
    return fireSessionEvent([this.engine.events, this.events], event, this);
  }

  /** @internal Per-row events for this flush, or undefined when no handler is registered (the flush then skips them). */
  rowEvents(): ((event: EntityEventName, obj: object) => Promise<void>) | undefined {
    if (!this.engine.events.hasEntityHandlers && !this.events.hasEntityHandlers) return undefined;
    const hubs = [this.engine.events, this.events];
    return (event, obj) => fireEntityEvent(hubs, event, stateOf(obj).entity, obj, this);
  }

  /** @internal Whether `entity` has a handler for one of `events` (the flush then writes its rows one by one). */
  hasRowHandlers(entity: EntityInfo, events: readonly EntityEventName[]): boolean {
    return [this.engine.events, this.events].some((hub) => events.some((e) => (hub.entityHandlersOf(e, entity)?.length ?? 0) > 0));
  }

  /**
   * @internal Before a read: flush when there is anything to flush. Skipped
   * while a flush runs (its planning and its handlers read too). A failure
   * is the flush's own error, marked as coming from autoflush.
   */
  async autoflushBefore(what: string): Promise<void> {
    if (this.flushing || isClean(this, this.relationsChanged, this.mapperOf)) return;
    try {
      await this.runFlushOnce(true);
    } catch (error) {
      throw fromAutoflush(error, what);
    }
  }

  /** @internal Called by relation handles when user code edits a relation of one of this session's objects. */
  noteRelationChange(): void {
    this.relationsChanged = true;
    this.reachComplete = false;
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
    this.relationsChanged = false;
    this.reachComplete = false;
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
      this.forget(obj);
      stateOf(obj).deleteRequested = false;
    }
    await this.fire("afterRollback");
  }

  /**
   * Runs `work` in one database transaction shared by its reads and flushes.
   * Commits when it returns; when it throws, rolls back the database and puts
   * the session's objects back as they were before, then rethrows.
   */
  async transaction<R>(work: (session: this) => Promise<R>): Promise<R> {
    if (this.conn) return work(this);
    const undo = new UndoLog(this);
    const pendingBefore = new Set(this.pending);
    const deletesBefore = new Set(this.toDelete);
    this.txUndo = undo;
    let result: R;
    try {
      result = await this.inOwnTransaction(async (conn) => {
        this.conn = conn;
        const result = await work(this);
        await this.flush();
        return result;
      });
    } catch (error) {
      undo.apply();
      this.reachComplete = false;
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
      this.conn = undefined;
      this.txUndo = undefined;
      await this.rolledBack();
      throw error;
    } finally {
      this.conn = undefined;
      this.txUndo = undefined;
    }
    // Outside the try: a throwing afterCommit handler must not undo what is committed.
    await this.committed(true);
    return result;
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
    if (cached) {
      const state = (cached as Carrier)[STATE];
      if (!state || (!state.deleteRequested && !state.expired)) return cached as T;
    }
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
    const merged = (await cascadeMerge(this, obj, new Map())) as T;
    this.relationsChanged = true;
    this.reachComplete = false;
    return merged;
  }

  /** Removes an object (and its `expunge` cascades) from the session without touching the database. */
  expunge(obj: object): void {
    this.reachComplete = false;
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
      this.reread(mapper, o, state, row, 0, false);
      state.slots = undefined;
    }
  }

  /**
   * Marks a saved object expired: its unflushed column changes are dropped
   * (back to the values last read or written), its loaded relations are
   * forgotten, the next query that reads its row overwrites its columns
   * (an object that is not expired keeps its in-memory values), and `get()`
   * reads the database instead of answering from the identity map. Its
   * properties stay readable: nothing reloads on access.
   */
  expire(obj: object): void {
    const state = stateOf(obj);
    if (state.session !== this || state.status !== Status.Persistent) {
      throw new SessionStateError(
        `Cannot expire ${state.entity.name}: it is not a saved object of this session ` +
          `(a new object has no row to re-read: flush it first, or expunge it to drop it).`,
      );
    }
    this.forget(obj);
    state.expired = true;
  }

  /** `expire` for every saved object of the session. */
  expireAll(): void {
    for (const obj of [...this.identity.objects()]) {
      const state = stateOf(obj);
      if (state.status !== Status.Persistent) continue;
      this.forget(obj);
      state.expired = true;
    }
  }

  /**
   * Removes every object from the session without touching the database:
   * pending objects become transient (never written), saved ones detached,
   * queued deletes are dropped. The session stays usable, as if new.
   */
  expungeAll(): void {
    for (const obj of this.pending) {
      const state = stateOf(obj);
      state.status = Status.Transient;
      state.session = undefined;
    }
    for (const obj of this.identity.objects()) {
      const state = stateOf(obj);
      state.session = undefined;
      state.status = Status.Detached;
      state.deleteRequested = false;
      state.expired = false;
    }
    this.pending.clear();
    this.toDelete.clear();
    this.identity.clear();
    this.reachComplete = false;
    this.lazyQueue.clear();
    this.origins.clear();
    this.lastOrigin = undefined;
    this.lastOriginMapper = undefined;
    this.relationsChanged = false;
  }

  /**
   * Ends the session's work: `expungeAll()` (unflushed changes are dropped,
   * not written). Refused inside `transaction()`. The session can be used
   * again afterwards, empty; its event handlers and options stay.
   */
  close(): void {
    if (this.conn) {
      throw new SessionStateError(
        "Cannot close this session inside its transaction(): return from (or throw out of) the callback first, then close.",
      );
    }
    this.expungeAll();
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
        return this.afterAutoflush("raw SQL", () => rawEntities(this, mapper, strings, inner));
      };
    }
    checkTemplate(first, "session.sql");
    return this.afterAutoflush("raw SQL", () => rawRows(this, first, values));
  }

  /**
   * A raw statement that changes rows (`` session.execute`UPDATE pets SET age = age + 1 WHERE id = ${id}` ``).
   * It bypasses the identity map: objects already loaded keep their old values until `refresh()`.
   */
  execute(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<{ changes: number }> {
    checkTemplate(strings, "session.execute");
    return this.afterAutoflush("a raw statement", () => rawExecute(this, strings, values));
  }

  /** Raw SQL reads and writes the tables the session's pending changes go to: it sees them, as queries do. */
  private async afterAutoflush<R>(what: string, work: () => Promise<R>): Promise<R> {
    if (this.autoflush) await this.autoflushBefore(what);
    return work();
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
    // Only the constant-time part of the clean check (added or deleted objects, relation edits): a loop of
    // lazy loads would otherwise scan every object once per load. Checked synchronously, so a clean
    // session still queues the lazy loads of one tick into one statement.
    if (this.autoflush && !this.flushing && (this.pending.size > 0 || this.toDelete.size > 0 || this.relationsChanged)) {
      await this.autoflushBefore(`loading ${relation.owner}.${relation.name}`);
    }
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
  fetchRelated(owners: readonly object[], relation: RelationInfo): Promise<Map<object, object[]>> {
    return new Loader(this.loadContext()).fetchRelated(owners, relation);
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

  private context: LoadContext | undefined;

  /** @internal What loaders need from this session: made once, every load shares it. */
  loadContext(): LoadContext {
    return (this.context ??= {
      mapperOf: (entity: string) => this.engine.mapperOf(entity),
      selectinBatchSize: this.engine.options.selectinBatchSize,
      query: (sql: string, params: readonly unknown[]) => this.runQuery(sql, params),
      materialize: (mapper: EntityMapper, row: readonly unknown[], offset: number, json: boolean) =>
        this.materialize(mapper, row, offset, json),
    });
  }

  /** @internal The session's object for a row: the existing one, or a new persistent one. */
  materialize(mapper: EntityMapper, row: readonly unknown[], offset: number, json: boolean): object {
    const decoders = json ? mapper.jsonDecoders : mapper.rowDecoders;
    const key = mapper.keyFromRow(row, offset, decoders);
    const objects = this.identity.of(mapper.info);
    const existing = objects.get(key);
    if (existing) {
      const state = (existing as Carrier)[STATE];
      if (state !== undefined && state.expired) this.reread(mapper, existing, state, row, offset, json);
      return existing;
    }
    const obj = new mapper.Hydrate(row, offset, decoders, this.origin(mapper, offset, json));
    objects.set(key, obj);
    return obj;
  }

  /** @internal The session's live object for a primary key, if it holds one. */
  lookup(entity: string, keyValues: readonly unknown[]): object | undefined {
    const obj = this.identity.get(this.engine.mapperOf(entity).info, identityKey(keyValues));
    return obj && stateOf(obj).status === Status.Persistent ? obj : undefined;
  }

  private readonly origins = new Map<EntityMapper, Map<number, RowOrigin>>();

  /** The origin handed out last and what it was for: rows of one level come in a run, so it is almost always the one. */
  private lastOrigin: RowOrigin | undefined;
  private lastOriginMapper: EntityMapper | undefined;
  private lastOriginId = 0;

  /** One shared origin per entity, offset and decoding: objects built from rows point at it. */
  private origin(mapper: EntityMapper, offset: number, json: boolean): RowOrigin {
    const id = json ? -1 - offset : offset;
    if (this.lastOriginMapper === mapper && this.lastOriginId === id) return this.lastOrigin!;
    let byOffset = this.origins.get(mapper);
    if (!byOffset) this.origins.set(mapper, (byOffset = new Map()));
    let origin = byOffset.get(id);
    if (!origin) {
      const decoders = json ? mapper.jsonDecoders : mapper.rowDecoders;
      origin = { entity: mapper.info, session: this, offset, json, keyOf: (row) => mapper.keyFromRow(row, offset, decoders) };
      byOffset.set(id, origin);
    }
    this.lastOrigin = origin;
    this.lastOriginMapper = mapper;
    this.lastOriginId = id;
    return origin;
  }

  /** An expired or refreshed object read again: the row's values replace the in-memory ones and become its baseline. */
  private reread(mapper: EntityMapper, obj: object, state: InstanceState, row: readonly unknown[], offset: number, json: boolean) {
    const decoders = json ? mapper.jsonDecoders : mapper.rowDecoders;
    const values = obj as Record<string, unknown>;
    mapper.info.columns.forEach((c, i) => {
      const raw = row[offset + i];
      const decode = decoders[i];
      values[c.name] = decoded(raw, decode);
    });
    state.snapshot = undefined;
    state.raw = row;
    state.rawOffset = offset;
    state.rawJson = json;
    state.expired = false;
  }

  /** @internal */
  mapperOf = (entity: string): EntityMapper => this.engine.mapperOf(entity);

  /** @internal */
  /** The session's objects with a row that a flush must look at: all but those only read and unchanged. */
  persistentObjects(): object[] {
    // The members when asked (what a handler adds meanwhile waits for the next flush), in a plain array, not
    // a generator: flush asks several times over thousands of objects.
    const out: object[] = [];
    let mapper: EntityMapper | undefined;
    for (const [, objects] of this.identity.byEntity()) {
      for (const obj of objects.values()) {
        const origin = untouched(obj);
        if (origin) {
          if (mapper?.info !== origin.entity) mapper = this.engine.mapperOf(origin.entity.name);
          if (!mapper.changedSinceRow(obj)) continue;
        }
        out.push(obj);
      }
    }
    return out;
  }

  private adopt(obj: object): void {
    const complete = this.reachComplete;
    // Until the walk is through: a refusal half-way leaves reachable objects transient.
    this.reachComplete = false;
    let stray = false;
    for (const o of cascadeTargets(obj, "save-update")) {
      const state = stateOf(o);
      this.own(o, state);
      if (state.status === Status.Transient) {
        state.status = Status.Pending;
        state.session = this;
        this.pending.add(o);
        // A new root: what its relations without save-update hold is the flush's to refuse.
        stray ||= strayOf(state) !== undefined;
      } else if (state.status === Status.Detached) {
        throw new SessionStateError(
          `This ${state.entity.name} was loaded in another session (or expunged). Use \`await session.merge(obj)\` to bring its changes into this one.`,
        );
      }
    }
    this.reachComplete = complete && !stray;
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
    if (this.reachComplete) return;
    const roots = [...this.pending, ...this.persistentObjects()];
    for (const o of cascadeTargetsOfAll(roots, "save-update")) {
      const state = stateOf(o);
      if (state.status === Status.Transient) {
        state.status = Status.Pending;
        state.session = this;
        this.pending.add(o);
      }
    }
    for (const obj of roots) {
      const found = strayOf(stateOf(obj));
      if (found) {
        const { stray, relation } = found;
        const name = stateOf(stray).entity.name;
        throw new FlushError(
          `A new ${name} is in ${relation.owner}.${relation.name}, but that relation has no save-update cascade, ` +
            `so it would not be written. Add it with session.add(), or add save-update to the relation's @cascade. Nothing was written.`,
          relation.owner,
          relation.name,
        );
      }
    }
    this.reachComplete = true;
  }

  /** Drops unflushed column changes and loaded relations (rollback, expire). */
  private forget(obj: object): void {
    this.revertColumns(obj);
    stateOf(obj).slots = undefined;
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

/** The first transient object in one of the object's relations without save-update (value, items, additions, link additions). */
function strayOf(state: InstanceState): { stray: object; relation: RelationInfo } | undefined {
  const slots = state.slots;
  if (slots === undefined) return undefined;
  for (const relation of listsOf(state.entity).withoutSaveUpdate) {
    const slot = slots[relation.index];
    if (!slot) continue;
    let stray: object | undefined;
    eachMember(slot, (o) => {
      if (stray === undefined && stateOf(o).status === Status.Transient) stray = o;
    });
    if (stray) return { stray, relation };
  }
  return undefined;
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

