// The value checks that run before a statement, as pure functions: which
// values each engine's dialect refuses, and what the error says.
import { describe, expect, it } from "vitest";
import { checkValue, isoDateTime, registerEnums } from "../../src/dialect/base-dialect.js";
import { InvalidValueError } from "../../src/errors/value-errors.js";
import type { ColumnTypeMeta, SchemaMeta } from "../../src/schema-meta.js";

const refusal = (type: ColumnTypeMeta, value: unknown, engine?: "sqlite" | "postgres" | "mysql"): InvalidValueError | undefined => {
  try {
    checkValue(type, value, engine, "Thing", "field");
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidValueError);
    return error as InvalidValueError;
  }
};

describe("value checks", () => {
  it("name the field, the value, the column type and the engine when the limit is the engine's", () => {
    const e = refusal({ kind: "Float" }, Infinity, "mysql")!;
    expect(e.message).toBe(
      "Cannot use number Infinity for Thing.field (Float on MySQL/MariaDB): it cannot be stored: MySQL and MariaDB have no infinite DOUBLE. " +
        "Store null, or a large finite number such as Number.MAX_VALUE. Nothing was sent to the database.",
    );
    expect([e.entity, e.field, e.value, e.columnType, e.engine]).toEqual(["Thing", "field", Infinity, "Float", "MySQL/MariaDB"]);
    expect(refusal({ kind: "Float" }, Infinity, "postgres")).toBeUndefined();
    expect(refusal({ kind: "Float" }, -Infinity, "sqlite")).toBeUndefined();
  });

  it("hold a Decimal to its precision and scale, in any notation", () => {
    const money: ColumnTypeMeta = { kind: "Decimal", precision: 20, scale: 6 };
    expect(refusal(money, "0.0000001")?.message).toMatch(/7 digits after the point and Decimal\(20, 6\) keeps 6, so the database would round it/);
    expect(refusal(money, "1e-7")?.message).toMatch(/7 digits after the point/);
    expect(refusal(money, "0.000001000")).toBeUndefined();
    expect(refusal(money, "-99999999999999.999999", "postgres")).toBeUndefined();
    expect(refusal(money, "100000000000000")?.message).toMatch(/15 digits before the point .* holds at most 14/);
    expect(checkValue(money, "1.5e3")).toBe("1500");
    expect(refusal(money, "1e999999")?.message).toMatch(/exponent beyond any column's range/);
    // SQLite keeps a NUMERIC as a double when it can: 16 significant digits would come back rounded.
    expect(refusal(money, "1234567890.123456", "sqlite")?.message).toMatch(/16 significant digits; SQLite/);
    expect(refusal(money, "1234567890.12345", "sqlite")).toBeUndefined();
    expect(refusal(money, "1234567890.123456", "mysql")).toBeUndefined();
  });

  it("count a String(n)'s characters as code points, as the engines do", () => {
    const short: ColumnTypeMeta = { kind: "String", length: 2 };
    expect(refusal(short, "😀😀")).toBeUndefined();
    expect(refusal(short, "😀😀😀")?.message).toMatch(/3 characters long and the column holds at most 2/);
    expect(refusal(short, "\ud83d")?.message).toMatch(/lone UTF-16 surrogate/);
    expect(refusal({ kind: "Text" }, "a\u0000", "postgres")?.message).toMatch(/NUL character .* PostgreSQL/);
    expect(refusal({ kind: "Text" }, "a\u0000", "mysql")).toBeUndefined();
  });

  it("tell a lone surrogate's escape in JSON text from an escaped backslash", () => {
    const json: ColumnTypeMeta = { kind: "Json" };
    expect(refusal(json, ["\udfff"])?.message).toMatch(/lone UTF-16 surrogate/);
    expect(refusal(json, ["\\udfff"])).toBeUndefined();
    expect(refusal(json, ["\\\udfff"])?.message).toMatch(/lone UTF-16 surrogate/);
    expect(refusal(json, ["😀"])).toBeUndefined();
    expect(refusal(json, { a: "\u0000" }, "postgres")?.message).toMatch(/NUL character/);
    expect(refusal(json, { a: "\\u0000" }, "postgres")).toBeUndefined();
    expect(checkValue(json, { a: [1, "x"] })).toBe('{"a":[1,"x"]}');
  });

  it("keep dates within 0001-9999 and a Date column's values at midnight", () => {
    const year = (y: number) => new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(y);
    expect(refusal({ kind: "DateTime" }, new Date(year(10000)))?.message).toMatch(/\(year 10000\) for Thing\.field \(DateTime\): it has a year outside 0001 to 9999/);
    expect(refusal({ kind: "DateTime" }, new Date(year(0)))?.message).toMatch(/year outside 0001 to 9999/);
    expect(refusal({ kind: "DateTime" }, new Date(year(1)))).toBeUndefined();
    expect(refusal({ kind: "Date" }, "2024-03-09")).toBeUndefined();
    expect(refusal({ kind: "Date" }, "2024-03-09T00:00:01Z")?.message).toMatch(/time of day/);
  });

  it("refuse an enum value outside its members once the schema is registered", () => {
    const type: ColumnTypeMeta = { kind: "Enum", enum: "Color" };
    const schema = {
      entities: {},
      tables: [{ name: "t", columns: [{ name: "c", column: "c", type, nullable: false, primaryKey: false, autoincrement: false, unique: false }], primaryKey: [], foreignKeys: [] }],
      enums: { Color: { name: "Color", values: ["Red", "Green"] } },
    } satisfies SchemaMeta;
    expect(refusal(type, "Blue")).toBeUndefined();
    registerEnums(schema);
    expect(refusal(type, "Blue")?.message).toMatch(/for Thing\.field \(Color \(enum\)\): it is not a member of Color\. Use one of Red, Green\./);
    expect(refusal(type, "Red")).toBeUndefined();
  });

  it("refuse a UUID in any form but the lowercase one", () => {
    expect(refusal({ kind: "Uuid" }, "123e4567-e89b-12d3-a456-426614174000")).toBeUndefined();
    expect(refusal({ kind: "Uuid" }, "123E4567-E89B-12D3-A456-426614174000")?.message).toMatch(/lowercase/);
    expect(refusal({ kind: "Uuid" }, "{123e4567-e89b-12d3-a456-426614174000}")?.message).toMatch(/not a UUID/);
  });
});

describe("isoDateTime", () => {
  it("writes what toISOString writes, across the storable years and at their edges", () => {
    const first = Date.parse("0001-01-01T00:00:00.000Z");
    const end = Date.parse("+010000-01-01T00:00:00.000Z");
    const times = [first, end - 1, 0, -1, Date.parse("2000-02-29T23:59:59.999Z"), Date.parse("1900-03-01T00:00:00.000Z"), Date.parse("2024-12-31T12:34:56.007Z")];
    // A fixed stride through the whole range: every month and leap rule, odd milliseconds.
    for (let t = first; t < end; t += 77_777_777_777) times.push(t);
    for (const t of times) expect(isoDateTime(new Date(t))).toBe(new Date(t).toISOString());
  });

  it("leaves dates outside those years, and invalid ones, to toISOString", () => {
    const far = new Date(Date.parse("+010000-01-01T00:00:00.000Z"));
    expect(isoDateTime(far)).toBe("+010000-01-01T00:00:00.000Z");
    expect(isoDateTime(new Date(Date.parse("0000-06-01T00:00:00.000Z")))).toBe("0000-06-01T00:00:00.000Z");
    expect(() => isoDateTime(new Date(NaN))).toThrow(RangeError);
  });
});
