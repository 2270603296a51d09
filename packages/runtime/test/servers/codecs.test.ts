import mysql2 from "mysql2/promise";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Connection, Driver } from "../../src/driver/driver.js";
import { mysql } from "../../src/mysql/index.js";
import { postgres } from "../../src/postgres/index.js";
import type { ColumnTypeMeta, ScalarKindMeta } from "../../src/schema-meta.js";
import { describeServers, type Sandbox, type ServerName } from "../support/servers.js";

// Every scalar kind, stored in the column type the generator's migrations
// declare for it on each server, with values that probe each codec's edges.
// Written through `dialect.encode`, read back through `selectColumn` +
// `decode` and through the JSON path the `joined` strategy uses.

const TYPES: { readonly [kind in ScalarKindMeta]: ColumnTypeMeta } = {
  Int: { kind: "Int" },
  BigInt: { kind: "BigInt" },
  Float: { kind: "Float" },
  Decimal: { kind: "Decimal", precision: 15, scale: 3 },
  String: { kind: "String", length: 200 },
  Text: { kind: "Text" },
  Boolean: { kind: "Boolean" },
  Date: { kind: "Date" },
  DateTime: { kind: "DateTime" },
  Json: { kind: "Json" },
  Uuid: { kind: "Uuid" },
  Bytes: { kind: "Bytes" },
  Enum: { kind: "Enum", enum: "Status" },
};

const VALUES: { readonly [kind in ScalarKindMeta]: readonly unknown[] } = {
  Int: [0, -7, 2_147_483_647, -2_147_483_648],
  BigInt: [0n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n],
  Float: [0.1 + 0.2, -1.5e-300, 1 / 3, 1e300],
  // Written at the column's scale: the server pads to it (see the test below).
  Decimal: ["12.500", "-0.250", "100.000", "123456789012.345", "0.001"],
  String: ["", `héllo "quoted" 'single' ✓ \\ / 😀 %_`],
  Text: ["line 1\nline 2\ttab\r\n", "x".repeat(10_000), "NUL-free unicode: 日本語 ∑ 🎉"],
  Boolean: [true, false],
  Date: [new Date(Date.UTC(2024, 1, 29)), new Date(Date.UTC(1999, 11, 31)), new Date(Date.UTC(1000, 0, 1))],
  DateTime: [
    new Date(Date.UTC(2024, 2, 9, 13, 45, 7, 123)),
    new Date(0),
    new Date(Date.UTC(1969, 6, 20, 20, 17, 40, 5)),
    new Date(Date.UTC(2024, 2, 10, 7, 30, 0, 999)), // 02:30 New York time: the hour DST skips
  ],
  Json: [
    { a: [1, "x", null, true], b: { c: 1.5, "quote\"key": "é", nested: { deeper: [{}] } } },
    [],
    "hello",
    42,
    false,
  ],
  Uuid: ["0d6f3c8e-5b7a-4c1e-9f2a-3b4c5d6e7f80"],
  Bytes: [new Uint8Array([0, 1, 2, 127, 128, 255]), new Uint8Array(0), new Uint8Array([0xff, 0x00]), Buffer.from("buffer too")],
  Enum: ["Pending", "Cancelled"],
};

/** What differs per engine: the column types the migrations write, and what else the engine can store. */
interface EngineCodecs {
  readonly sqlType: { readonly [kind in ScalarKindMeta]: string };
  /** Statements before the table (PostgreSQL's enum type). */
  readonly setup: readonly string[];
  readonly tableOptions: string;
  /** Values only this engine stores (IEEE infinities: PostgreSQL's double precision, not MariaDB's DOUBLE). */
  readonly extraValues: { readonly [kind in ScalarKindMeta]?: readonly unknown[] };
  /** Puts the session in a time zone five hours behind UTC (and honouring DST on PostgreSQL). */
  readonly setTimeZone: string;
  /** The stored instant as UTC wall-clock text with microseconds, read independently of the session's zone. */
  utcText(column: string): string;
}

const ENGINES: { readonly [name in ServerName]: EngineCodecs } = {
  postgres: {
    sqlType: {
      Int: "integer",
      BigInt: "bigint",
      Float: "double precision",
      Decimal: "numeric(15,3)",
      String: "varchar(200)",
      Text: "text",
      Boolean: "boolean",
      Date: "date",
      DateTime: "timestamptz",
      Json: "jsonb",
      Uuid: "uuid",
      Bytes: "bytea",
      Enum: `"Status"`,
    },
    setup: [`CREATE TYPE "Status" AS ENUM ('Pending', 'Paid', 'Cancelled')`],
    tableOptions: "",
    extraValues: { Float: [Infinity, -Infinity] },
    setTimeZone: `SET TIME ZONE 'America/New_York'`,
    utcText: (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
  },
  mariadb: {
    sqlType: {
      Int: "INT",
      BigInt: "BIGINT",
      Float: "DOUBLE",
      Decimal: "DECIMAL(15,3)",
      String: "VARCHAR(200)",
      Text: "TEXT",
      Boolean: "TINYINT(1)",
      Date: "DATE",
      DateTime: "DATETIME(3)",
      Json: "JSON",
      Uuid: "CHAR(36)",
      Bytes: "LONGBLOB",
      Enum: "ENUM('Pending', 'Paid', 'Cancelled')",
    },
    setup: [],
    tableOptions: " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
    extraValues: {},
    setTimeZone: `SET time_zone = '-05:00'`,
    utcText: (column) => `DATE_FORMAT(${column}, '%Y-%m-%dT%H:%i:%s.%f')`,
  },
};

const KINDS = Object.keys(TYPES) as ScalarKindMeta[];
const column = (kind: ScalarKindMeta): string => `c_${kind}`;

/** Bytes come back as Buffers; compare contents, not classes. */
function comparable(kind: ScalarKindMeta, value: unknown): unknown {
  if (kind === "Bytes" && value !== null) {
    expect(value).toBeInstanceOf(Uint8Array);
    return Array.from(value as Uint8Array);
  }
  return value;
}

describeServers("server value codecs", (server) => {
  const d = server.dialect;
  const engine = ENGINES[server.name];
  const q = (name: string) => d.quote(name);
  const params = (n: number, from = 1) => Array.from({ length: n }, (_, i) => d.placeholder(from + i)).join(", ");
  const valuesOf = (kind: ScalarKindMeta) => [...VALUES[kind], ...(engine.extraValues[kind] ?? [])];

  let sandbox: Sandbox;
  let driver: Driver;
  let conn: Connection;
  /** One row per (kind, value) with only that column set, plus a row of all NULLs; `id` orders them. */
  const rows: { id: number; kind?: ScalarKindMeta; value?: unknown }[] = [];

  const columnsDdl = KINDS.map((k) => `${q(column(k))} ${engine.sqlType[k]}`).join(", ");
  const createTable = (name: string) => `CREATE TABLE ${q(name)} (${q("id")} INTEGER NOT NULL PRIMARY KEY, ${columnsDdl})${engine.tableOptions}`;
  const insertSql = (name: string) =>
    `INSERT INTO ${q(name)} (${q("id")}, ${KINDS.map((k) => q(column(k))).join(", ")}) VALUES (${params(KINDS.length + 1)})`;

  /** Writes the rows of {@link rows} into `table` through `c`. */
  async function fill(c: Connection, table: string): Promise<void> {
    const insert = insertSql(table);
    for (const row of rows) {
      await c.execute(insert, [row.id, ...KINDS.map((k) => d.encode(TYPES[k], k === row.kind ? row.value : null))]);
    }
  }

  function expectRowsMatch(decoded: unknown[][]): void {
    expect(decoded).toHaveLength(rows.length);
    rows.forEach((row, i) => {
      const got = decoded[i]!;
      expect(Number(got[0])).toBe(row.id);
      KINDS.forEach((kind, k) => {
        const expected = kind === row.kind ? row.value : null;
        expect(comparable(kind, got[k + 1]), `${kind} of row ${row.id}`).toEqual(comparable(kind, expected));
      });
    });
  }

  async function readPlain(c: Connection, table: string): Promise<unknown[][]> {
    const select = KINDS.map((k) => d.selectColumn(q(column(k)), TYPES[k])).join(", ");
    const raw = await c.query(`SELECT ${q("id")}, ${select} FROM ${q(table)} ORDER BY ${q("id")}`, []);
    return raw.map((r) => [r[0], ...KINDS.map((k, i) => (r[i + 1] === null ? null : d.decode(TYPES[k], r[i + 1])))]);
  }

  async function readJson(c: Connection, table: string): Promise<unknown[][]> {
    const jsonRow = d.jsonRow([q("id"), ...KINDS.map((k) => d.jsonColumn(q(column(k)), TYPES[k]))]);
    const sql = `SELECT (SELECT ${d.jsonArrayAgg(jsonRow, `${q("id")} ASC`)} FROM ${q(table)}) AS ${q("children")}`;
    const [[raw]] = (await c.query(sql, [])) as [[unknown]];
    const parsed = d.parseJson(raw) as unknown[][];
    expect(Array.isArray(parsed)).toBe(true);
    return parsed.map((r) => [r[0], ...KINDS.map((k, i) => d.decodeJson(TYPES[k], r[i + 1]))]);
  }

  beforeAll(async () => {
    sandbox = await server.sandbox("codecs");
    driver = sandbox.driver();
    conn = await driver.acquire();
    for (const statement of engine.setup) await conn.execute(statement, []);
    await conn.execute(createTable("t"), []);
    let id = 0;
    for (const kind of KINDS) for (const value of valuesOf(kind)) rows.push({ id: ++id, kind, value });
    rows.push({ id: ++id });
    await fill(conn, "t");
  });

  afterAll(async () => {
    conn?.release();
    await sandbox?.drop();
  });

  it("round-trip every kind (and NULL) through a plain SELECT", async () => {
    expectRowsMatch(await readPlain(conn, "t"));
  });

  it("round-trip every kind (and NULL) through the joined JSON path", async () => {
    expectRowsMatch(await readJson(conn, "t"));
  });

  it("orders the JSON aggregate by its ORDER BY and gives [] over no rows", async () => {
    const agg = (orderBy: string, where: string) =>
      `SELECT (SELECT ${d.jsonArrayAgg(d.jsonRow([q("id")]), orderBy)} FROM ${q("t")} WHERE ${where})`;
    const [[desc]] = (await conn.query(agg(`${q("id")} DESC`, `${q("id")} <= 3`), [])) as [[unknown]];
    expect(d.parseJson(desc)).toEqual([[3], [2], [1]]);
    const [[none]] = (await conn.query(agg("", `${q("id")} < 0`), [])) as [[unknown]];
    expect(d.parseJson(none)).toEqual([]);
  });

  it("keeps a bare JSON string a string, not the JSON text of it", async () => {
    const id = rows.find((r) => r.kind === "Json" && r.value === "hello")!.id;
    const sql = `SELECT ${d.selectColumn(q("c_Json"), TYPES.Json)} FROM ${q("t")} WHERE ${q("id")} = ${d.placeholder(1)}`;
    const [[raw]] = (await conn.query(sql, [id])) as [[unknown]];
    expect(d.decode(TYPES.Json, raw)).toBe("hello");
  });

  it("pads a Decimal to the column's scale and reads large values in plain notation", async () => {
    const unbounded = server.name === "postgres" ? "numeric" : "DECIMAL(65,30)";
    await conn.execute(`CREATE TABLE ${q("dec")} (${q("v")} ${engine.sqlType.Decimal}, ${q("wide")} ${unbounded})${engine.tableOptions}`, []);
    await conn.execute(`INSERT INTO ${q("dec")} VALUES (${params(2)})`, [d.encode(TYPES.Decimal, "12.5"), d.encode({ kind: "Decimal" }, "1e20")]);
    const select = [d.selectColumn(q("v"), TYPES.Decimal), d.selectColumn(q("wide"), TYPES.Decimal)].join(", ");
    const [[v, wide]] = (await conn.query(`SELECT ${select} FROM ${q("dec")}`, [])) as [[unknown, unknown]];
    expect(d.decode(TYPES.Decimal, v)).toBe("12.500");
    expect(d.decode(TYPES.Decimal, wide)).toMatch(/^100000000000000000000(\.0+)?$/);
  });

  it("reads a DateTime written in a session whose time zone is not UTC as the same instant", async () => {
    // A driver of its own: the zone is set per connection and must not leak into the other tests.
    const tzDriver = sandbox.driver();
    const tz = await tzDriver.acquire();
    const previousTz = process.env.TZ;
    // The test process in a zone of its own too, so a value parsed as local time would show.
    process.env.TZ = "Pacific/Auckland";
    try {
      await tz.execute(engine.setTimeZone, []);
      await tz.execute(createTable("tz"), []);
      await fill(tz, "tz");
      expectRowsMatch(await readPlain(tz, "tz"));
      expectRowsMatch(await readJson(tz, "tz"));
      // What the server stored is the instant itself, whatever zone each side runs in.
      const stored = await tz.query(
        `SELECT ${engine.utcText(q("c_DateTime"))} FROM ${q("tz")} WHERE ${q("c_DateTime")} IS NOT NULL ORDER BY ${q("id")}`,
        [],
      );
      expect(stored.map((r) => r[0])).toEqual(VALUES.DateTime.map((v) => (v as Date).toISOString().slice(0, 23) + "000"));
      // And a connection still in the server's own zone reads the same instants.
      expectRowsMatch(await readPlain(conn, "tz"));
    } finally {
      // Assigning undefined would set the text "undefined".
      if (previousTz === undefined) delete process.env.TZ;
      else process.env.TZ = previousTz;
      tz.release();
      await tzDriver.close();
    }
  });

  it("reads the same values through a caller's pool with its own type parsers", async () => {
    // Pools configured the common ways: int8/numeric/date/timestamp/bool/json
    // as the server's text (pg), or dates, big numbers and JSON as strings and TINYINT(1) as boolean (mysql2).
    let own: Driver;
    let close: () => Promise<void>;
    if (server.name === "postgres") {
      const text = (value: string) => value;
      const builtins = pg.types.builtins;
      const asText = new Set<number>([
        builtins.INT8,
        builtins.NUMERIC,
        builtins.DATE,
        builtins.TIMESTAMPTZ,
        builtins.TIMESTAMP,
        builtins.BOOL,
        builtins.JSON,
        builtins.JSONB,
      ]);
      const types = {
        getTypeParser: (oid: number, format?: "text" | "binary") => (asText.has(oid) ? text : pg.types.getTypeParser(oid, format ?? "text")),
      } as pg.CustomTypesConfig;
      const pool = new pg.Pool({ ...sandbox.config, types });
      own = postgres(pool);
      close = () => pool.end();
    } else {
      const pool = mysql2.createPool({
        ...sandbox.config,
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        decimalNumbers: true,
        jsonStrings: true,
        typeCast: (field, next) => {
          if (field.type !== "TINY" || field.length !== 1) return next();
          const text = field.string(); // reads the value: once only
          return text === null ? null : text === "1";
        },
      });
      own = mysql(pool);
      close = () => pool.end();
    }
    const c = await own.acquire();
    try {
      expectRowsMatch(await readPlain(c, "t"));
      expectRowsMatch(await readJson(c, "t"));
    } finally {
      c.release();
      await own.close();
      await close();
    }
  });
});
