import type { Driver } from "../driver/driver.js";
import type { Dialect } from "../dialect/dialect.js";
import { ConnectionLostError } from "../errors/transient-errors.js";
import { describeCause } from "./transient.js";
import { RelgenError } from "../errors/relgen-error.js";
import { entityOfClass, resolveInverses, type ModelClass } from "../model/entity-info.js";
import "../model/handles.js";
import type { SchemaMeta } from "../schema-meta.js";
import { registerEnums } from "../dialect/base-dialect.js";
import { Session, type SessionOptions } from "../session/session.js";
import { EventHub, type EventRegistry } from "../session/events.js";
import { EntityMapper } from "./entity-mapper.js";
import { LoggedConnection } from "./logged-connection.js";
import { StatementLog, type StatementListener } from "./statement-log.js";

export interface EngineOptions {
  readonly driver: Driver;
  /** The generated `schema`. */
  readonly schema: SchemaMeta;
  /** The generated `models` (every model class by entity name). */
  readonly models: { readonly [entity: string]: ModelClass };
  /**
   * Lazy loads of one relation started in the same tick (`Promise.all(users.map(u => u.posts.load()))`)
   * share one `IN (...)` statement. Default true; sequential awaits still take one statement each.
   */
  readonly batchLazyLoads?: boolean;
  /**
   * `selectin` and batched lazy loads bind up to this many parent keys a placeholder each; more travel as one
   * array parameter (one statement whatever the number), or, for keys an engine cannot bind so (composite keys;
   * dates, bytes, decimals, booleans on SQLite and MySQL), in statements of this many. Default 500.
   */
  readonly selectinBatchSize?: number;
  /** Sessions flush before each query, `get()` that reads, and lazy load. Default true; `engine.session({ autoflush })` overrides. */
  readonly autoflush?: boolean;
  /** Sessions expire their objects after each commit. Default false; `engine.session({ expireOnCommit })` overrides. */
  readonly expireOnCommit?: boolean;
}

/** A database, the generated schema and models, and the statement log: what sessions are opened on. */
export class Engine {
  readonly schema: SchemaMeta;
  readonly driver: Driver;
  /** @internal */ readonly options: { batchLazyLoads: boolean; selectinBatchSize: number; autoflush: boolean; expireOnCommit: boolean };
  /** @internal Handlers every session of this engine runs (before its own). */
  readonly events = new EventHub();
  private readonly log = new StatementLog();
  private readonly mappers = new Map<string, EntityMapper>();
  private closed = false;

  constructor(options: EngineOptions) {
    this.schema = options.schema;
    this.driver = options.driver;
    this.options = {
      batchLazyLoads: options.batchLazyLoads ?? true,
      selectinBatchSize: options.selectinBatchSize ?? 500,
      autoflush: options.autoflush ?? true,
      expireOnCommit: options.expireOnCommit ?? false,
    };
    for (const name of Object.keys(options.schema.entities)) {
      const model = options.models[name];
      if (!model) {
        throw new RelgenError(
          `createEngine: models has no class for entity ${name}. Pass the generated \`models\` from the same build as \`schema\`.`,
        );
      }
      const info = entityOfClass(model);
      if (info.schema !== options.schema) {
        throw new RelgenError(`createEngine: ${name} was generated with another schema; import schema and models from the same build.`);
      }
      this.mappers.set(name, new EntityMapper(info, options.driver.dialect));
    }
    resolveInverses(options.schema);
    registerEnums(options.schema);
  }

  get dialect() {
    return this.driver.dialect;
  }

  /** Subscribes to every statement (SQL, parameters, duration). Returns the unsubscribe function. */
  onStatement(listener: StatementListener): () => void {
    return this.log.subscribe(listener);
  }

  /**
   * Registers an event handler for every session of this engine (they run
   * before the session's own); returns the function that removes it.
   */
  on: EventRegistry["on"] = (event: string, a: unknown, b?: unknown) => this.events.on(event, a, b);

  session(options?: SessionOptions): Session {
    if (this.closed) throw new RelgenError("This engine is closed; create a new one.");
    return new Session(this, options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.driver.close();
  }

  /** @internal */
  acquire(): Promise<LoggedConnection> {
    if (this.closed) return Promise.reject(new RelgenError("This engine is closed; create a new one."));
    const dialect = this.driver.dialect;
    // One promise, not three (an async function awaiting a caught one): every statement outside a transaction comes here.
    return this.driver.acquire().then(
      (raw) => new LoggedConnection(raw, this.log, dialect),
      (error: unknown) => {
        throw dialect.classifyTransient?.(error) === "connection-lost" ? cannotConnect(dialect, error) : error;
      },
    );
  }

  /** @internal */
  mapperOf(entity: string): EntityMapper {
    const mapper = this.mappers.get(entity);
    if (!mapper) throw new RelgenError(`Unknown entity ${entity}.`);
    return mapper;
  }
}

export type EngineCore = Engine;

function cannotConnect(dialect: Dialect, error: unknown): ConnectionLostError {
  const cause = describeCause(error);
  return new ConnectionLostError(
    `Cannot get a connection to the ${dialect.name} database (${cause}). Nothing was run. ` +
      `Check that the server is up and that the driver's URL or pool options point at it.`,
    "",
    false,
    { cause: error },
  );
}

/** Opens the runtime over a driver with the generated schema and models. */
export function createEngine(options: EngineOptions): Engine {
  return new Engine(options);
}
