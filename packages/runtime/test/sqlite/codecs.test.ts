import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection, Driver } from "../../src/driver/driver.js";
import type { ColumnTypeMeta, ScalarKindMeta } from "../../src/schema-meta.js";
import { sqlite, sqliteDialect as d } from "../../src/sqlite/index.js";
import { InvalidValueError } from "../../src/errors/value-errors.js";

// Every scalar kind, stored in the SQLite column type the generator's
// migrations use for it, with values that probe each codec's edges.
interface Case {
  readonly type: ColumnTypeMeta;
  readonly sqlType: string;
  readonly values: readonly unknown[];
}

const CASES: { readonly [kind in ScalarKindMeta]: Case } = {
  Int: { type: { kind: "Int" }, sqlType: "INTEGER", values: [0, -7, 2_147_483_647, -2_147_483_648] },
  BigInt: {
    type: { kind: "BigInt" },
    sqlType: "INTEGER",
    values: [0n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n],
  },
  Float: { type: { kind: "Float" }, sqlType: "REAL", values: [0.1 + 0.2, -1.5e-300, 1 / 3, 1e300, Infinity] },
  Decimal: {
    type: { kind: "Decimal", precision: 15, scale: 3 },
    sqlType: "NUMERIC",
    values: ["12.5", "-0.25", "100", "123456789012.345"],
  },
  String: { type: { kind: "String", length: 200 }, sqlType: "TEXT", values: ["", `héllo "quoted" 'single' ✓ \\ /`] },
  Text: { type: { kind: "Text" }, sqlType: "TEXT", values: ["line 1\nline 2\ttab", "x".repeat(10_000)] },
  Boolean: { type: { kind: "Boolean" }, sqlType: "INTEGER", values: [true, false] },
  Date: {
    type: { kind: "Date" },
    sqlType: "TEXT",
    values: [new Date(Date.UTC(2024, 1, 29)), new Date(Date.UTC(1999, 11, 31))],
  },
  DateTime: {
    type: { kind: "DateTime" },
    sqlType: "TEXT",
    values: [new Date(Date.UTC(2024, 2, 9, 13, 45, 7, 123)), new Date(0)],
  },
  Json: {
    type: { kind: "Json" },
    sqlType: "TEXT",
    values: [{ a: [1, "x", null, true], b: { c: 1.5, "quote\"key": "é" } }, [], "just a string", 42, false],
  },
  Uuid: { type: { kind: "Uuid" }, sqlType: "TEXT", values: ["0d6f3c8e-5b7a-4c1e-9f2a-3b4c5d6e7f80"] },
  Bytes: {
    type: { kind: "Bytes" },
    sqlType: "BLOB",
    values: [new Uint8Array([0, 1, 2, 127, 128, 255]), new Uint8Array(0), Buffer.from("buffer too")],
  },
  Enum: {
    type: { kind: "Enum", enum: "Status" },
    sqlType: "TEXT",
    values: ["Pending", "Cancelled"],
  },
};

const KINDS = Object.keys(CASES) as ScalarKindMeta[];
const column = (kind: ScalarKindMeta): string => `c_${kind}`;

/** Bytes come back as Buffers; compare contents, not classes. */
function comparable(kind: ScalarKindMeta, value: unknown): unknown {
  if (kind === "Bytes" && value !== null) {
    expect(value).toBeInstanceOf(Uint8Array);
    return Array.from(value as Uint8Array);
  }
  return value;
}

let driver: Driver;
let conn: Connection;
/** One row per (kind, value) with only that column set, plus a row of all NULLs; `id` orders them. */
const rows: { id: number; kind?: ScalarKindMeta; value?: unknown }[] = [];

beforeAll(async () => {
  driver = sqlite(":memory:");
  conn = await driver.acquire();
  const columns = KINDS.map((k) => `${d.quote(column(k))} ${CASES[k].sqlType}`).join(", ");
  await conn.execute(`CREATE TABLE "t" ("id" INTEGER PRIMARY KEY, ${columns})`, []);
  const insert = `INSERT INTO "t" ("id", ${KINDS.map((k) => d.quote(column(k))).join(", ")}) VALUES (${["?", ...KINDS.map(() => "?")].join(", ")})`;
  let id = 0;
  for (const kind of KINDS) {
    for (const value of CASES[kind].values) {
      id += 1;
      rows.push({ id, kind, value });
      await conn.execute(insert, [id, ...KINDS.map((k) => d.encode(CASES[k].type, k === kind ? value : null))]);
    }
  }
  id += 1;
  rows.push({ id });
  await conn.execute(insert, [id, ...KINDS.map((k) => d.encode(CASES[k].type, null))]);
});

afterAll(async () => {
  conn.release();
  await driver.close();
});

function expectRowsMatch(decoded: unknown[][]): void {
  expect(decoded).toHaveLength(rows.length);
  rows.forEach((row, i) => {
    const got = decoded[i]!;
    expect(got[0]).toBe(row.id);
    KINDS.forEach((kind, k) => {
      const expected = kind === row.kind ? row.value : null;
      expect(comparable(kind, got[k + 1]), `${kind} of row ${row.id}`).toEqual(comparable(kind, expected));
    });
  });
}

describe("SQLite value codecs", () => {
  it("round-trip every kind (and NULL) through a plain SELECT", async () => {
    const select = KINDS.map((k) => d.selectColumn(d.quote(column(k)), CASES[k].type)).join(", ");
    const raw = await conn.query(`SELECT "id", ${select} FROM "t" ORDER BY "id"`, []);
    expectRowsMatch(raw.map((r) => [r[0], ...KINDS.map((k, i) => d.decode(CASES[k].type, r[i + 1]))]));
  });

  it("round-trip every kind (and NULL) through the joined JSON path", async () => {
    const jsonRow = d.jsonRow([d.quote("id"), ...KINDS.map((k) => d.jsonColumn(d.quote(column(k)), CASES[k].type))]);
    const sql = `SELECT (SELECT ${d.jsonArrayAgg(jsonRow, `${d.quote("id")} ASC`)} FROM "t") AS "children"`;
    const [[raw]] = (await conn.query(sql, [])) as [[unknown]];
    expect(typeof raw).toBe("string");
    const parsed = d.parseJson(raw) as unknown[][];
    expectRowsMatch(parsed.map((r) => [r[0], ...KINDS.map((k, i) => d.decodeJson(CASES[k].type, r[i + 1]))]));
  });

  it("orders the JSON aggregate by its ORDER BY and gives [] over no rows", async () => {
    const agg = (orderBy: string, where: string): string =>
      `SELECT (SELECT ${d.jsonArrayAgg(d.jsonRow([d.quote("id")]), orderBy)} FROM "t" WHERE ${where})`;
    const [[desc]] = (await conn.query(agg(`"id" DESC`, `"id" <= 3`), [])) as [[unknown]];
    expect(d.parseJson(desc)).toEqual([[3], [2], [1]]);
    const [[unordered]] = (await conn.query(agg("", `"id" <= 3`), [])) as [[unknown]];
    expect((d.parseJson(unordered) as number[][]).map((r) => r[0]).sort()).toEqual([1, 2, 3]);
    const [[none]] = (await conn.query(agg("", `"id" < 0`), [])) as [[unknown]];
    expect(d.parseJson(none)).toEqual([]);
    expect(d.parseJson(null)).toBeNull();
  });

  it("stores the forms the spec's SQLite column says", async () => {
    const ofKind = (kind: ScalarKindMeta) => rows.find((r) => r.kind === kind)!.id;
    const stored = async (kind: ScalarKindMeta) => {
      const [[value, type]] = (await conn.query(
        `SELECT ${d.quote(column(kind))}, typeof(${d.quote(column(kind))}) FROM "t" WHERE "id" = ?`,
        [ofKind(kind)],
      )) as [[unknown, string]];
      return { value, type };
    };
    expect(await stored("Boolean")).toEqual({ value: 1, type: "integer" });
    expect(await stored("Date")).toEqual({ value: "2024-02-29", type: "text" });
    expect(await stored("DateTime")).toEqual({ value: "2024-03-09T13:45:07.123Z", type: "text" });
    expect(await stored("Json")).toEqual({ value: '{"a":[1,"x",null,true],"b":{"c":1.5,"quote\\"key":"é"}}', type: "text" });
    expect(await stored("BigInt")).toMatchObject({ type: "integer" });
    expect((await stored("Bytes")).type).toBe("blob");
    expect(await stored("Decimal")).toEqual({ value: 12.5, type: "real" });
  });

  it("keeps BigInt exact above 2^53 only because it is read as text", async () => {
    const id = rows.find((r) => r.value === 2n ** 53n + 1n)!.id;
    const [[plain, cast]] = (await conn.query(
      `SELECT "c_BigInt", ${d.selectColumn('"c_BigInt"', CASES.BigInt.type)} FROM "t" WHERE "id" = ?`,
      [id],
    )) as [[unknown, unknown]];
    expect(plain).toBe(2 ** 53); // what a plain read would have given: rounded
    expect(cast).toBe("9007199254740993");
    expect(d.decode(CASES.BigInt.type, cast)).toBe(9007199254740993n);
  });
});

describe("SQLite value codecs: reading what SQL wrote", () => {
  it("reads SQLite's own datetime text and time-zone offsets as UTC instants", () => {
    const t = CASES.DateTime.type;
    expect(d.decode(t, "2024-03-09 13:45:07")).toEqual(new Date(Date.UTC(2024, 2, 9, 13, 45, 7)));
    expect(d.decode(t, "2024-03-09 13:45:07.5")).toEqual(new Date(Date.UTC(2024, 2, 9, 13, 45, 7, 500)));
    expect(d.decode(t, "2024-03-09T13:45:07.123456+02:00")).toEqual(new Date(Date.UTC(2024, 2, 9, 11, 45, 7, 123)));
    expect(d.decode(CASES.Date.type, "2024-03-09")).toEqual(new Date(Date.UTC(2024, 2, 9)));
    expect(() => d.decode(t, "yesterday")).toThrow(/cannot read "yesterday" as an ISO 8601 date-time/);
  });

  it("reads a column default written by strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", async () => {
    const before = Date.now();
    const [[raw]] = (await conn.query(`SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`, [])) as [[string]];
    const decoded = d.decode(CASES.DateTime.type, raw) as Date;
    expect(Math.abs(decoded.getTime() - before)).toBeLessThan(5_000);
  });

  it("reads a Decimal SQLite prints in exponent form in plain notation", async () => {
    const [[raw]] = (await conn.query(
      `SELECT CAST(CAST(? AS NUMERIC) AS TEXT), CAST(CAST(? AS NUMERIC) AS TEXT)`,
      ["99999999999999999999", "0.0000000000000000001"],
    )) as [[string, string]];
    expect(raw).toMatch(/e\+/i);
    expect(d.decode(CASES.Decimal.type, raw)).toBe("100000000000000000000");
  });
});

describe("SQLite value codecs: encoding checks", () => {
  it("accepts ISO strings for Date and DateTime", () => {
    expect(d.encode(CASES.DateTime.type, "2024-03-09T13:45:07.123Z")).toBe("2024-03-09T13:45:07.123Z");
    expect(d.encode(CASES.DateTime.type, "2024-03-09 13:45:07")).toBe("2024-03-09T13:45:07.000Z");
    expect(d.encode(CASES.DateTime.type, "2024-03-09T15:45:07+02:00")).toBe("2024-03-09T13:45:07.000Z");
    expect(d.encode(CASES.Date.type, "2024-02-29")).toBe("2024-02-29");
  });

  it("rejects a wrong JavaScript type with an InvalidValueError naming the type, the value and what to do", () => {
    const wrong: [ScalarKindMeta, unknown, RegExp][] = [
      ["Int", "1", /^Cannot use string "1" for a column \(Int\): it is not an integer\. Pass a whole number/],
      ["Int", 1.5, /number 1\.5 for a column \(Int\): it is not an integer/],
      ["BigInt", 1, /number 1 for a column \(BigInt\): it is not a bigint\. Pass a bigint \(123n/],
      ["Float", Number.NaN, /number NaN for a column \(Float\): it cannot be stored/],
      ["Decimal", 12.5, /number 12\.5 for a column \(Decimal\(15, 3\)\): it is not a decimal number in a string/],
      ["Decimal", "twelve", /string "twelve" .*not a decimal number/],
      ["String", 5, /number 5 for a column \(String\(200\)\): it is not a string/],
      ["Uuid", {}, /an object \(Object\) for a column \(Uuid\): it is not a string/],
      ["Enum", 1, /for a column \(Status \(enum\)\): it is not a string/],
      ["Boolean", 1, /number 1 for a column \(Boolean\): it is not a boolean/],
      ["DateTime", "not a date", /string "not a date" for a column \(DateTime\): it is not a Date or an ISO 8601/],
      ["DateTime", "2024-02-30T00:00:00Z", /it is not a Date or an ISO 8601/],
      ["DateTime", new Date(Number.NaN), /Date \(invalid\) for a column \(DateTime\): it is an invalid Date/],
      ["Date", 1_700_000_000_000, /number 1700000000000 for a column \(Date\): it is not a Date/],
      ["Date", new Date(Date.UTC(2024, 1, 29, 23, 59)), /Date 2024-02-29T23:59:00\.000Z .* has a time of day/],
      ["Bytes", "AAEC", /string "AAEC" for a column \(Bytes\): it is not a Uint8Array/],
      ["Bytes", [1, 2], /an array for a column \(Bytes\): it is not a Uint8Array/],
      ["Json", () => 1, /function for a column \(Json\): it is not a JSON value/],
    ];
    for (const [kind, value, message] of wrong) {
      expect(() => d.encode(CASES[kind].type, value), kind).toThrow(InvalidValueError);
      expect(() => d.encode(CASES[kind].type, value), kind).toThrow(message);
    }
  });

  it("rejects a bigint outside 64 bits before SQLite sees it", () => {
    expect(() => d.encode(CASES.BigInt.type, 2n ** 63n)).toThrow(InvalidValueError);
    expect(() => d.encode(CASES.BigInt.type, 2n ** 63n)).toThrow(/does not fit in a signed 64-bit integer/);
  });

  it("keeps null and undefined as NULL for every kind", () => {
    for (const kind of KINDS) {
      expect(d.encode(CASES[kind].type, null)).toBeNull();
      expect(d.encode(CASES[kind].type, undefined)).toBeNull();
      expect(d.decode(CASES[kind].type, null)).toBeNull();
      expect(d.decodeJson(CASES[kind].type, null)).toBeNull();
    }
  });
});
