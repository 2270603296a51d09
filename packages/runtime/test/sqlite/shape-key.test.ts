// Which columns of a new object have a value decides its INSERT's shape: the
// key that groups objects into multi-row INSERTs, narrow and wide tables alike.
import { describe, expect, it } from "vitest";
import { shapeKey } from "../../src/session/insert-batch.js";
import type { ColumnMeta } from "../../src/schema-meta.js";

const columns = (n: number): ColumnMeta[] =>
  Array.from({ length: n }, (_, i) => ({ name: `c${i}`, column: `c${i}`, type: { kind: "Int" }, nullable: true, primaryKey: false, autoincrement: false }) as ColumnMeta);
const row = (n: number, without: readonly number[]) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, without.includes(i) ? undefined : i]));

describe("shapeKey", () => {
  for (const width of [3, 30, 31, 45]) {
    it(`tells apart which of ${width} columns have a value, null counting as one`, () => {
      const cs = columns(width);
      const last = width - 1;
      expect(shapeKey(row(width, [last]), cs)).toBe(shapeKey(row(width, [last]), cs));
      expect(shapeKey(row(width, [last]), cs)).not.toBe(shapeKey(row(width, []), cs));
      expect(shapeKey(row(width, [0]), cs)).not.toBe(shapeKey(row(width, [last]), cs));
      expect(shapeKey({ ...row(width, []), c0: null }, cs)).toBe(shapeKey(row(width, []), cs));
    });
  }
});
