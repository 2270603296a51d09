import { describe, expect, it } from "vitest";
import { BaseDialect, parseIsoDateTime, plainDecimal, tryParseIsoDateTime } from "../../src/dialect/base-dialect.js";
import type { ClassifiedError } from "../../src/dialect/dialect.js";
import { sqlite, sqliteDialect as d } from "../../src/sqlite/index.js";

/** Collects parameters the way a query builder does: values pushed, placeholders returned. */
function params() {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return d.placeholder(values.length);
  };
  return { values, param };
}

describe("sqlite dialect: spelling", () => {
  it("quotes identifiers with the quote character doubled inside", () => {
    expect(d.quote("users")).toBe('"users"');
    expect(d.quote('we"ird')).toBe('"we""ird"');
    expect(d.quote('""')).toBe('""""""');
    expect(d.quote("select")).toBe('"select"');
  });

  it("uses ? placeholders and supports RETURNING", () => {
    expect([1, 2, 10].map((i) => d.placeholder(i))).toEqual(["?", "?", "?"]);
    expect(d.supportsReturning).toBe(true);
    expect(d.name).toBe("sqlite");
  });

  it("builds LIMIT/OFFSET through the param callback", () => {
    const both = params();
    expect(d.limitOffset(10, 20, both.param)).toBe(" LIMIT ? OFFSET ?");
    expect(both.values).toEqual([10, 20]);
    const limitOnly = params();
    expect(d.limitOffset(5, undefined, limitOnly.param)).toBe(" LIMIT ?");
    expect(limitOnly.values).toEqual([5]);
    const offsetOnly = params();
    expect(d.limitOffset(undefined, 3, offsetOnly.param)).toBe(" LIMIT -1 OFFSET ?");
    expect(offsetOnly.values).toEqual([3]);
    const none = params();
    expect(d.limitOffset(undefined, undefined, none.param)).toBe("");
    expect(none.values).toEqual([]);
    expect(() => d.limitOffset(-1, undefined, none.param)).toThrow(/limit must be a non-negative integer/);
    expect(() => d.limitOffset(undefined, 1.5, none.param)).toThrow(/offset must be a non-negative integer/);
  });

  it("runs what limitOffset builds on SQLite, OFFSET alone included", async () => {
    const driver = sqlite(":memory:");
    const conn = await driver.acquire();
    const run = async (limit: number | undefined, offset: number | undefined) => {
      const p = params();
      const sql = `WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 6) SELECT x FROM n ORDER BY x${d.limitOffset(limit, offset, p.param)}`;
      return (await conn.query(sql, p.values)).map((r) => r[0]);
    };
    expect(await run(2, 1)).toEqual([2, 3]);
    expect(await run(undefined, 4)).toEqual([5, 6]);
    expect(await run(0, undefined)).toEqual([]);
    conn.release();
    await driver.close();
  });

  it("selects BigInt and Decimal as text, and shapes JSON columns so they read back exactly", () => {
    expect(d.selectColumn('"t"."n"', { kind: "BigInt" })).toBe('CAST("t"."n" AS TEXT)');
    expect(d.selectColumn('"t"."n"', { kind: "Decimal" })).toBe('CAST("t"."n" AS TEXT)');
    expect(d.selectColumn('"t"."n"', { kind: "Int" })).toBe('"t"."n"');
    expect(d.jsonColumn('"b"', { kind: "Bytes" })).toBe('CASE WHEN "b" IS NULL THEN NULL ELSE hex("b") END');
    expect(d.jsonColumn('"j"', { kind: "Json" })).toBe('json("j")');
    expect(d.jsonColumn('"s"', { kind: "String" })).toBe('"s"');
    expect(d.jsonRow(['"a"', '"b"'])).toBe('json_array("a", "b")');
    expect(d.jsonArrayAgg("json_array(1)", '"id" DESC')).toBe('json_group_array(json_array(1) ORDER BY "id" DESC)');
    expect(d.jsonArrayAgg("json_array(1)", "")).toBe("json_group_array(json_array(1))");
  });

  it("runs on a SQLite that has ORDER BY inside aggregates (3.44+)", async () => {
    const driver = sqlite(":memory:");
    const conn = await driver.acquire();
    const [[version]] = (await conn.query("SELECT sqlite_version()", [])) as [[string]];
    const [major = 0, minor = 0] = version.split(".").map(Number);
    expect(major * 1000 + minor).toBeGreaterThanOrEqual(3044);
    conn.release();
    await driver.close();
  });
});

describe("base dialect: what another engine overrides", () => {
  // The shape a MySQL dialect takes: a different quote and no-limit spelling, nothing copied.
  class BacktickDialect extends BaseDialect {
    readonly name = "mysql" as const;
    readonly supportsReturning = false;
    protected override readonly quoteChar = "`";
    protected override readonly noLimit = "18446744073709551615";
    jsonArrayAgg(row: string): string {
      return `JSON_ARRAYAGG(${row})`;
    }
    classifyError(): ClassifiedError | undefined {
      return undefined;
    }
  }
  const m = new BacktickDialect();

  it("quotes with its own character, doubled inside", () => {
    expect(m.quote("a`b")).toBe("`a``b`");
    expect(m.quote('a"b')).toBe('`a"b`');
  });

  it("spells an OFFSET without LIMIT its own way", () => {
    expect(m.limitOffset(undefined, 7, () => "?")).toBe(" LIMIT 18446744073709551615 OFFSET ?");
  });

  it("shares the type checks and the plain codecs", () => {
    expect(() => m.encode({ kind: "Boolean" }, "yes")).toThrow(/for a column \(Boolean\): it is not a boolean/);
    expect(m.encode({ kind: "Boolean" }, true)).toBe(true); // only SQLite turns it into 0/1
    expect(m.decodeJson({ kind: "Boolean" }, true)).toBe(true);
    expect(m.decodeJson({ kind: "BigInt" }, "9223372036854775807")).toBe(9223372036854775807n);
    expect(m.decode({ kind: "DateTime" }, "2024-03-09 13:45:07.123000")).toEqual(new Date(Date.UTC(2024, 2, 9, 13, 45, 7, 123)));
  });
});

describe("base dialect helpers", () => {
  it("writes exponent-form decimals in plain notation", () => {
    const cases: [string, string][] = [
      ["12.5", "12.5"],
      ["1.0e+20", "100000000000000000000"],
      ["-1.25e+2", "-125"],
      ["1.5e-3", "0.0015"],
      ["-2.0E-1", "-0.2"],
      ["1.0e-19", "0.0000000000000000001"],
      ["123.456e1", "1234.56"],
      ["0.0e+0", "0"],
      ["-0.0e+0", "0"],
    ];
    for (const [input, output] of cases) expect(plainDecimal(input), input).toBe(output);
  });

  it("reads the stored toISOString form digit by digit, exactly as the Date parser does, and refuses what is not a date", () => {
    for (const text of ["2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00.000Z", "0100-03-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"]) {
      expect(parseIsoDateTime(text).toISOString(), text).toBe(text);
    }
    // Years below 100 go the general way (Date.UTC would read 0050 as 1950).
    expect(parseIsoDateTime("0050-06-01T00:00:00.000Z").toISOString()).toBe("0050-06-01T00:00:00.000Z");
    for (const text of ["2023-02-29T00:00:00.000Z", "2024-04-31T00:00:00.000Z", "2024-01-01T24:00:00.000Z", "2024-01-0xT00:00:00.000Z"]) {
      expect(() => parseIsoDateTime(text), text).toThrow(TypeError);
    }
  });

  it("computes the stored form's time by arithmetic exactly as Date does, across centuries and leap days", () => {
    // Every day from 0100 to 9999 in 97-day steps (all months, both leap rules), at a varying time of day.
    for (let time = Date.UTC(100, 0, 1); time < Date.UTC(9999, 11, 31); time += 97 * 86_400_000 + 3_723_456) {
      const text = new Date(time).toISOString();
      expect(parseIsoDateTime(text).getTime(), text).toBe(time);
    }
    for (const text of ["2000-02-29T12:00:00.000Z", "2400-02-29T00:00:00.000Z", "1600-02-29T00:00:00.000Z", "2024-12-31T23:59:59.999Z"]) {
      expect(parseIsoDateTime(text).toISOString(), text).toBe(text);
    }
    for (const text of ["1900-02-29T00:00:00.000Z", "2100-02-29T00:00:00.000Z", "2024-06-31T00:00:00.000Z", "2024-00-10T00:00:00.000Z"]) {
      expect(() => parseIsoDateTime(text), text).toThrow(TypeError);
    }
  });

  it("rejects dates and times that do not exist instead of rolling them over", () => {
    expect(tryParseIsoDateTime("2024-02-29")).toEqual(new Date(Date.UTC(2024, 1, 29)));
    expect(tryParseIsoDateTime("2023-02-29")).toBeUndefined();
    expect(tryParseIsoDateTime("2024-13-01")).toBeUndefined();
    expect(tryParseIsoDateTime("2024-01-01T24:00:00Z")).toBeUndefined();
    expect(tryParseIsoDateTime("2024-01-01T10:60Z")).toBeUndefined();
    expect(tryParseIsoDateTime("2024-1-1")).toBeUndefined();
    expect(tryParseIsoDateTime("0099-06-15")).toEqual(new Date("0099-06-15T00:00:00Z"));
  });

  it("applies zone offsets in every spelling", () => {
    const instant = new Date(Date.UTC(2024, 0, 1, 10, 0));
    for (const text of ["2024-01-01T12:00+02:00", "2024-01-01T12:00:00+0200", "2024-01-01 12:00:00.000+02", "2024-01-01T07:30:00-02:30", "2024-01-01T10:00:00z"]) {
      expect(tryParseIsoDateTime(text), text).toEqual(instant);
    }
  });
});
