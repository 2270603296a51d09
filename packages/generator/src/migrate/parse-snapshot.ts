import type { SchemaSnapshot } from "./snapshot-types.js";
import { snapshotOf } from "./snapshot.js";

/** A stored snapshot that cannot be read: says which file and what is wrong with it. */
export class SnapshotError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = "SnapshotError";
  }
}

const KINDS = new Set([
  "Int", "BigInt", "Float", "Decimal", "String", "Text", "Boolean", "Date", "DateTime", "Json", "Uuid", "Bytes", "Enum",
]);
const ACTIONS = new Set(["cascade", "set-null", "restrict", "no-action", "set-default"]);
const DEFAULT_KINDS = new Set(["literal", "enum", "autoincrement", "now", "uuid"]);

type Check = (value: unknown, where: string) => void;

/**
 * Reads `snapshots/<id>.json`. Every field is checked, because a hand-edited
 * or truncated snapshot would otherwise surface as a wrong migration, which is
 * worse than a refusal naming the field.
 */
export function parseSnapshot(text: string, path: string): SchemaSnapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(path, `not valid JSON (${(error as Error).message}); restore it from version control`);
  }
  const fail = (where: string, what: string): never => {
    throw new SnapshotError(path, `${where} ${what}; restore the file from version control (snapshots are written by \`relgen migrate dev\`)`);
  };
  const object = (v: unknown, where: string): Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(where, "must be an object");
  const string: Check = (v, where) => void (typeof v === "string" && v !== "" ? v : fail(where, "must be a non-empty string"));
  const boolean: Check = (v, where) => void (typeof v === "boolean" ? v : fail(where, "must be true or false"));
  const optional = (check: Check): Check => (v, where) => (v === undefined ? undefined : check(v, where));
  const oneOf = (set: Set<string>): Check => (v, where) =>
    void (typeof v === "string" && set.has(v) ? v : fail(where, `must be one of ${[...set].join(", ")}`));
  const count: Check = (v, where) => void (Number.isInteger(v) && (v as number) >= 0 ? v : fail(where, "must be a whole number"));
  const list = (v: unknown, where: string, each: Check) => {
    if (!Array.isArray(v)) fail(where, "must be a list");
    (v as unknown[]).forEach((item, i) => each(item, `${where}[${i}]`));
  };
  const strings: Check = (v, where) => list(v, where, string);
  const fields = (v: unknown, where: string, spec: Record<string, Check>) => {
    const o = object(v, where);
    for (const [key, check] of Object.entries(spec)) check(o[key], `${where}.${key}`);
  };

  const root = object(data, "the file");
  if (root.relgenSnapshot !== 1) fail("relgenSnapshot", "must be 1 (this relgen reads snapshot format 1)");
  list(root.enums, "enums", (v, where) => fields(v, where, { name: string, values: strings }));
  list(root.tables, "tables", (v, where) =>
    fields(v, where, {
      name: string,
      entity: optional(string),
      primaryKeyName: string,
      primaryKey: strings,
      columns: (c, w) =>
        list(c, w, (col, cw) =>
          fields(col, cw, {
            name: string,
            columnName: string,
            nullable: boolean,
            primaryKey: boolean,
            autoincrement: boolean,
            unique: boolean,
            type: (t, tw) =>
              fields(t, tw, {
                kind: oneOf(KINDS),
                length: optional(count),
                precision: optional(count),
                scale: optional(count),
                enumName: optional(string),
              }),
            default: optional((d, dw) => {
              fields(d, dw, { kind: oneOf(DEFAULT_KINDS) });
              const value = (d as { kind: string; value?: unknown }).value;
              const kind = (d as { kind: string }).kind;
              if (kind === "enum") string(value, `${dw}.value`);
              if (kind === "literal" && value !== null && !["string", "number", "boolean"].includes(typeof value)) {
                fail(`${dw}.value`, "must be a string, number, boolean or null");
              }
            }),
          }),
        ),
      uniques: (u, w) => list(u, w, (x, xw) => fields(x, xw, { name: string, columns: strings })),
      indexes: (u, w) =>
        list(u, w, (x, xw) => fields(x, xw, { name: string, columns: strings, origin: oneOf(new Set(["declared", "foreign-key"])) })),
      foreignKeys: (u, w) =>
        list(u, w, (x, xw) =>
          fields(x, xw, {
            name: string,
            columns: strings,
            targetTable: string,
            targetEntity: optional(string),
            targetColumns: strings,
            onDelete: optional(oneOf(ACTIONS)),
            onUpdate: optional(oneOf(ACTIONS)),
            deferred: boolean,
          }),
        ),
    }),
  );
  const snapshot = root as unknown as SchemaSnapshot;
  checkReferences(snapshot, fail);
  return snapshotOf(snapshot);
}

/** Key lists must name fields of their table, and foreign keys tables that exist. */
function checkReferences(snapshot: SchemaSnapshot, fail: (where: string, what: string) => never): void {
  const tables = new Map(snapshot.tables.map((t) => [t.name, t]));
  snapshot.tables.forEach((table, ti) => {
    const fieldNames = new Set(table.columns.map((c) => c.name));
    const keys = (names: readonly string[], where: string, known = fieldNames) => {
      for (const n of names) if (!known.has(n)) fail(where, `names "${n}", which is not a field of its table`);
    };
    keys(table.primaryKey, `tables[${ti}].primaryKey`);
    table.uniques.forEach((u, i) => keys(u.columns, `tables[${ti}].uniques[${i}].columns`));
    table.indexes.forEach((u, i) => keys(u.columns, `tables[${ti}].indexes[${i}].columns`));
    table.foreignKeys.forEach((fk, i) => {
      keys(fk.columns, `tables[${ti}].foreignKeys[${i}].columns`);
      const target = tables.get(fk.targetTable);
      if (target === undefined) fail(`tables[${ti}].foreignKeys[${i}].targetTable`, `names "${fk.targetTable}", which is not a table of the snapshot`);
      keys(fk.targetColumns, `tables[${ti}].foreignKeys[${i}].targetColumns`, new Set(target.columns.map((c) => c.name)));
    });
  });
}
