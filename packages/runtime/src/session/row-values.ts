import { comparable, type EntityMapper } from "../engine/entity-mapper.js";
import { FlushError } from "../errors/flush-error.js";
import { checkValue } from "../dialect/base-dialect.js";
import type { EntityInfo } from "../model/entity-info.js";
import { stateOf, Status, type InstanceState } from "../model/instance-state.js";
import type { ColumnMeta } from "../schema-meta.js";
import { randomUuid } from "../util/platform.js";
import { describe, type FlushPlan } from "./flush-plan.js";
import type { WriteContext } from "./translate-error.js";
import { listsOf } from "./relation-lists.js";
import type { UndoLog } from "./undo-log.js";

// The values a flush writes for one row: foreign keys copied from parents, defaults, checks, key parameters.
// Shared by the per-row writes and the batched ones (insert-batch.ts, update-batch.ts).

/** Copies the keys of the objects a dirty to-one slot points at into this object's foreign-key columns. */
export function syncForeignKeys(
  obj: object,
  entity: EntityInfo,
  undo: UndoLog,
  postUpdates: FlushPlan["postUpdates"] | undefined,
  state: InstanceState = stateOf(obj),
) {
  const slots = state.slots;
  if (slots === undefined) return;
  const values = obj as Record<string, unknown>;
  for (const relation of listsOf(entity).parents) {
    const slot = slots[relation.index];
    if (!slot?.dirty) continue;
    const deferred = postUpdates?.some((p) => p.obj === obj && p.relation === relation);
    const target = deferred ? null : slot.value;
    if (target && stateOf(target).status !== Status.Persistent) {
      throw new FlushError(
        `Cannot write ${describe(obj)}: ${entity.name}.${relation.name} points at ${describe(target)}, which is not in this session. ` +
          `Add it with session.add(), or enable the save-update cascade on that relation.`,
        entity.name,
        relation.meta.localColumns[0],
      );
    }
    undo.object(obj, state);
    undo.slot(slot);
    const { localColumns, remoteColumns } = relation.meta;
    for (let i = 0; i < localColumns.length; i++) {
      values[localColumns[i]!] = target ? (target as Record<string, unknown>)[remoteColumns[i]!] : null;
    }
    if (!deferred) slot.dirty = false;
  }
}

/**
 * A reference read as null before insert while its key column was given
 * directly (`new Post({ userId: 7 })`) is forgotten, so it loads user 7 on
 * next access instead of staying null.
 */
export function forgetUnsetReferences(obj: object, entity: EntityInfo, undo: UndoLog, state: InstanceState = stateOf(obj)): void {
  const slots = state.slots;
  if (slots === undefined) return;
  const values = obj as Record<string, unknown>;
  for (const relation of listsOf(entity).ownKeys) {
    const slot = slots[relation.index];
    if (!slot || slot.value !== null || slot.dirty) continue;
    if (relation.meta.localColumns.every((f) => values[f] !== null && values[f] !== undefined)) {
      undo.slot(slot);
      slot.loaded = false;
    }
  }
}

export function applyDefaults(obj: object, entity: EntityInfo): void {
  const values = obj as Record<string, unknown>;
  for (const column of listsOf(entity).defaulted) {
    if (values[column.name] !== undefined) continue;
    const d = column.default!;
    switch (d.kind) {
      case "now":
        values[column.name] = new Date();
        break;
      case "uuid":
        values[column.name] = randomUuid();
        break;
      case "literal":
        values[column.name] = literalDefault(column, d.value);
        break;
      case "enum":
        values[column.name] = d.value;
        break;
      case "autoincrement":
        break;
    }
  }
}

/**
 * A Json default is JSON text (the compiler checks that it parses, and the
 * migration makes it the column's DEFAULT): the object gets the value that
 * text denotes, parsed afresh so objects never share it — not the text as a
 * string, which would be stored as a JSON string and differ from the rows the
 * database default fills.
 */
function literalDefault(column: ColumnMeta, value: string | number | boolean | null): unknown {
  if (typeof value !== "string") return value;
  if (column.type.kind === "BigInt") return BigInt(value);
  if (column.type.kind === "Json") return JSON.parse(value);
  return value;
}

export type Write = (
  context: Omit<WriteContext, "sql" | "params">,
  sql: string,
  params: unknown[],
  returning: boolean,
) => Promise<{ changes: number; rows?: unknown[][] | undefined; insertId?: number | bigint | undefined }>;

export function keyWhere(mapper: EntityMapper, next: () => string): string {
  return mapper.info.meta.primaryKey.map((f) => `${mapper.dialect.quote(columnMeta(mapper.info, f).column)} = ${next()}`).join(" AND ");
}

export function keyParams(mapper: EntityMapper, obj: object): unknown[] {
  return mapper.info.meta.primaryKey.map((f) => encode(mapper, columnMeta(mapper.info, f), (obj as Record<string, unknown>)[f]));
}

/** The values of the columns changed since the object's baseline (what its UPDATE will write), checked. */
export function checkChangedValues(mapper: EntityMapper, obj: object, state: ReturnType<typeof stateOf>): void {
  const before = mapper.baseline(state);
  const values = obj as Record<string, unknown>;
  const columns = mapper.info.columns;
  const engine = mapper.dialect.name;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    const value = values[c.name];
    if (value === null || value === undefined || comparable(value, c.type.kind) === before[i]) continue;
    checkValue(c.type, value, engine, mapper.info.name, c.name);
  }
}

export function checkValues(mapper: EntityMapper, obj: object): void {
  valueChecker(mapper)(obj);
}

const checkers = new WeakMap<EntityMapper, (obj: object) => void>();

/**
 * `checkValues` for one entity on one engine: a straight-line function
 * (property reads by constant name, as the mapper's row builder does), for a
 * caller checking thousands of objects of one table to fetch once.
 */
export function valueChecker(mapper: EntityMapper): (obj: object) => void {
  let checker = checkers.get(mapper);
  if (checker === undefined) {
    const lines = mapper.info.columns.map((c, i) => {
      const name = JSON.stringify(c.name);
      return `if ((v = o[${name}]) !== null && v !== undefined) check(types[${i}], v, engine, entity, ${name});`;
    });
    const body = `return function checkRow(o) {\nlet v;\n${lines.join("\n")}\n};`;
    const types = mapper.info.columns.map((c) => c.type);
    checker = new Function("check", "types", "engine", "entity", body)(checkValue, types, mapper.dialect.name, mapper.info.name) as (obj: object) => void;
    checkers.set(mapper, checker);
  }
  return checker;
}

export function encode(mapper: EntityMapper, column: ColumnMeta, value: unknown): unknown {
  return value === null || value === undefined ? null : mapper.dialect.encode(column.type, value, mapper.info.name, column.name);
}

export function decodeColumn(mapper: EntityMapper, column: ColumnMeta, raw: unknown): unknown {
  const decoder = mapper.rowDecoders[mapper.info.columnIndex.get(column.name)!];
  return raw === null || !decoder ? raw : decoder(raw);
}

export function columnMeta(entity: EntityInfo, field: string): ColumnMeta {
  return entity.columns[entity.columnIndex.get(field)!]!;
}

