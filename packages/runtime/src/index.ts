// Public API of @relgen/runtime: what generated code and applications import.
// Drivers live under subpaths (`@relgen/runtime/sqlite`) so that importing
// the runtime loads no database library.
import "./model/handles.js";

export type * from "./schema-meta.js";
export type * from "./schema-source.js";
export { defineSchema } from "./define-schema.js";
export { compactSchema } from "./compact-schema.js";
export type * from "./relations.js";
export type * from "./loaded.js";
export type * from "./query/query-types.js";
export type { Query } from "./query/query.js";
export type {
  UpdateValues,
  BulkOptions,
  CountSpec,
  ToManyKeys,
  Projected,
  ProjectionQuery,
  SummableKeys,
  OrderedKeys,
  AggregateOf,
  AggregateSpec,
  AggregateValue,
  AggregateRow,
  GroupRow,
  GroupedQuery,
  AggregateQuery,
} from "./query/projection-types.js";
export type { Driver, Connection, ExecuteResult } from "./driver/driver.js";
export type { Dialect, ClassifiedError, ConstraintKind, TransientKind } from "./dialect/dialect.js";
export { BaseDialect } from "./dialect/base-dialect.js";
export type { StatementEvent, StatementKind, StatementListener } from "./engine/statement-log.js";
export { createEngine, Engine, type EngineOptions } from "./engine/engine-core.js";
export { Session, type SessionOptions } from "./session/session.js";
export type {
  SessionEventName,
  EntityEventName,
  SessionEventHandler,
  EntityEventHandler,
  EventRegistry,
} from "./session/events.js";
export { isAutoflushError } from "./session/autoflush.js";
export { defineEntity } from "./model/entity-info.js";
export { RelgenError } from "./errors/relgen-error.js";
export { NotLoadedError } from "./errors/not-loaded-error.js";
export { ReadOnlyRelationError, NoResultError, SessionStateError } from "./errors/usage-errors.js";
export { FlushError } from "./errors/flush-error.js";
export { InvalidValueError, UnreadableValueError, StatementError, InvalidArgumentError } from "./errors/value-errors.js";
export {
  TransactionConflictError,
  ConnectionLostError,
  TransactionAbortedError,
  isRetryable,
  type ConflictReason,
} from "./errors/transient-errors.js";
export { retryTransaction, type RetryOptions } from "./engine/retry.js";
export {
  ConstraintViolationError,
  UniqueViolationError,
  ForeignKeyViolationError,
  NotNullViolationError,
  CheckViolationError,
} from "./errors/constraint-errors.js";
export { sql, RawSqlColumnsError, type SqlValue, type SqlFragment, type SqlIdentifier, type SqlTag } from "./session/raw-sql.js";
export type { StreamOptions } from "./query/stream.js";
export type { NamedRows } from "./driver/driver.js";
