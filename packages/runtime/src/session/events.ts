import { InvalidArgumentError } from "../errors/value-errors.js";
import { entityOfClass, type EntityInfo, type ModelClass } from "../model/entity-info.js";
import type { Session } from "./session.js";

/** Events about the session's unit of work as a whole. */
export type SessionEventName = "beforeFlush" | "afterFlush" | "afterCommit" | "afterRollback";
/** Events about one row of one entity class, around its statement in a flush. */
export type EntityEventName = "beforeInsert" | "afterInsert" | "beforeUpdate" | "afterUpdate" | "beforeDelete" | "afterDelete";

export type SessionEventHandler = (session: Session) => void | Promise<void>;
export type EntityEventHandler<T> = (obj: T, session: Session) => void | Promise<void>;
type Model<T> = abstract new (...args: never[]) => T;

/** What `engine.on` and `session.on` accept (each returns its unsubscribe function). */
export interface EventRegistry {
  on(event: SessionEventName, handler: SessionEventHandler): () => void;
  on<T extends object>(event: EntityEventName, model: Model<T>, handler: EntityEventHandler<NoInfer<T>>): () => void;
}

const SESSION_EVENTS: ReadonlySet<string> = new Set<SessionEventName>(["beforeFlush", "afterFlush", "afterCommit", "afterRollback"]);
const ENTITY_EVENTS: ReadonlySet<string> = new Set<EntityEventName>([
  "beforeInsert",
  "afterInsert",
  "beforeUpdate",
  "afterUpdate",
  "beforeDelete",
  "afterDelete",
]);

/**
 * Handlers of one engine or one session, in registration order. A session
 * fires its engine's handlers first, then its own (see `FiringOrder`).
 */
export class EventHub {
  private readonly sessionHandlers = new Map<string, SessionEventHandler[]>();
  private readonly entityHandlers = new Map<string, Map<EntityInfo, EntityEventHandler<object>[]>>();

  on(event: string, a: unknown, b?: unknown): () => void {
    if (SESSION_EVENTS.has(event)) {
      if (typeof a !== "function" || b !== undefined) {
        throw new InvalidArgumentError(`on("${event}", handler) takes one handler function: (session) => { ... }.`);
      }
      return add(this.sessionHandlers, event, a as SessionEventHandler);
    }
    if (ENTITY_EVENTS.has(event)) {
      if (typeof a !== "function" || typeof b !== "function") {
        throw new InvalidArgumentError(
          `on("${event}", Model, handler) takes a generated model class and a handler: on("${event}", Post, (post) => { ... }).`,
        );
      }
      const entity = entityOfClass(a as ModelClass);
      let byEntity = this.entityHandlers.get(event);
      if (!byEntity) this.entityHandlers.set(event, (byEntity = new Map()));
      return add(byEntity, entity, b as EntityEventHandler<object>);
    }
    throw new InvalidArgumentError(
      `Unknown event "${String(event)}". Events: ${[...SESSION_EVENTS, ...ENTITY_EVENTS].join(", ")}.`,
    );
  }

  sessionHandlersOf(event: SessionEventName): readonly SessionEventHandler[] | undefined {
    return this.sessionHandlers.get(event);
  }

  entityHandlersOf(event: EntityEventName, entity: EntityInfo): readonly EntityEventHandler<object>[] | undefined {
    return this.entityHandlers.get(event)?.get(entity);
  }

  /** Whether any per-row handler is registered: a flush without them skips the per-row calls entirely. */
  get hasEntityHandlers(): boolean {
    for (const byEntity of this.entityHandlers.values()) for (const list of byEntity.values()) if (list.length > 0) return true;
    return false;
  }
}

function add<K, H>(map: Map<K, H[]>, key: K, handler: H): () => void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  list.push(handler);
  return () => {
    const current = map.get(key);
    const i = current?.indexOf(handler) ?? -1;
    // A copy, so a handler that unsubscribes while its event fires does not skip the next one.
    if (i >= 0) map.set(key, [...current!.slice(0, i), ...current!.slice(i + 1)]);
  };
}

/** Runs the engine's handlers, then the session's, one after another (async ones awaited). */
export async function fireSessionEvent(hubs: readonly EventHub[], event: SessionEventName, session: Session): Promise<void> {
  for (const hub of hubs) {
    const list = hub.sessionHandlersOf(event);
    if (list) for (const handler of list) await handler(session);
  }
}

export async function fireEntityEvent(
  hubs: readonly EventHub[],
  event: EntityEventName,
  entity: EntityInfo,
  obj: object,
  session: Session,
): Promise<void> {
  for (const hub of hubs) {
    const list = hub.entityHandlersOf(event, entity);
    if (list) for (const handler of list) await handler(obj, session);
  }
}
