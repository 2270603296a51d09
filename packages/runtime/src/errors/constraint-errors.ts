import type { ConstraintKind } from "../dialect/dialect.js";
import { RelgenError } from "./relgen-error.js";

export interface ConstraintDetails {
  readonly kind: ConstraintKind;
  readonly entity?: string | undefined;
  readonly field?: string | undefined;
  readonly value?: unknown;
  readonly table?: string | undefined;
  readonly column?: string | undefined;
  readonly constraint?: string | undefined;
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly cause: unknown;
}

/** The database refused a write. `entity`, `field` and `value` say which, when it can be known. */
export class ConstraintViolationError extends RelgenError {
  override name = "ConstraintViolationError";
  readonly kind: ConstraintKind;
  readonly entity: string | undefined;
  readonly field: string | undefined;
  readonly value: unknown;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly constraint: string | undefined;
  readonly sql: string;
  readonly params: readonly unknown[];

  constructor(message: string, details: ConstraintDetails) {
    super(message, { cause: details.cause });
    this.kind = details.kind;
    this.entity = details.entity;
    this.field = details.field;
    this.value = details.value;
    this.table = details.table;
    this.column = details.column;
    this.constraint = details.constraint;
    this.sql = details.sql;
    this.params = details.params;
  }
}

export class UniqueViolationError extends ConstraintViolationError {
  override name = "UniqueViolationError";
}
export class ForeignKeyViolationError extends ConstraintViolationError {
  override name = "ForeignKeyViolationError";
}
export class NotNullViolationError extends ConstraintViolationError {
  override name = "NotNullViolationError";
}
export class CheckViolationError extends ConstraintViolationError {
  override name = "CheckViolationError";
}

export const constraintErrorClass = {
  unique: UniqueViolationError,
  "foreign-key": ForeignKeyViolationError,
  "not-null": NotNullViolationError,
  check: CheckViolationError,
} satisfies Record<ConstraintKind, typeof ConstraintViolationError>;
