import type { Value } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { defaultOutOfRange, defaultUnstorableText } from "../diagnostics/catalog/index.js";
import type { ColumnType } from "../ir/schema-ir.js";
import type { AttributeFacts, ColumnFacts, PassResult } from "./model.js";

/** Plain `String` is VARCHAR(255) on MySQL/MariaDB; plain `Decimal` is DECIMAL(10,0) there. */
export const MYSQL_DEFAULT_VARCHAR = 255;
export const MYSQL_DEFAULT_DECIMAL = { precision: 10, scale: 0 } as const;

const INTEGER_RANGE = {
  Int: [-(2n ** 31n), 2n ** 31n - 1n],
  BigInt: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Pass after attributes: a literal default must be a value of its column on
 * every engine, exactly as written — never rounded, truncated or refused by
 * the database when the migration runs (docs/language.md, "Defaults").
 */
export function checkDefaultRanges(facts: AttributeFacts): PassResult<AttributeFacts> {
  const diagnostics: Diagnostic[] = [];
  for (const model of facts.models) {
    for (const column of model.columns) {
      const value = defaultArgument(column);
      if (value) {
        const problem = checkLiteral(value, column.type, `${model.name}.${column.name}`);
        if (problem) diagnostics.push(problem);
      }
    }
  }
  return { facts, diagnostics };
}

function defaultArgument(column: ColumnFacts): Value | undefined {
  if (column.default?.kind !== "literal") return undefined;
  return column.field.attributes.find((a) => a.name.name === "default")?.args[0]?.value;
}

function checkLiteral(value: Value, type: ColumnType, label: string): Diagnostic | undefined {
  const bad = (detail: string, help: string) => defaultOutOfRange(value.span, label, detail, help);
  if (value.kind === "Number") {
    switch (type.kind) {
      case "Int":
      case "BigInt": {
        const [min, max] = INTEGER_RANGE[type.kind];
        const n = BigInt(value.raw);
        return n < min || n > max
          ? bad(`\`${value.raw}\` does not fit ${type.kind === "Int" ? "an" : "a"} \`${type.kind}\` column (${min} to ${max})`,
            type.kind === "Int" ? "use a smaller number, or make the column `BigInt`" : "use a smaller number, or make the column `Decimal(p, 0)`")
          : undefined;
      }
      case "Float": {
        const n = Number(value.raw);
        if (!Number.isFinite(n)) return bad(`\`${abbreviate(value.raw)}\` is beyond the range of a \`Float\` (a 64-bit double, at most about 1.8e308)`, "use a smaller number, or make the column `Decimal(p, s)`");
        if (n === 0 && /[1-9]/.test(value.raw)) return bad(`\`${abbreviate(value.raw)}\` is too small for a \`Float\` and would be stored as 0`, "write 0, or make the column `Decimal(p, s)`");
        return undefined;
      }
      case "Decimal":
        return checkDecimal(value.raw, type, bad);
      default:
        return undefined;
    }
  }
  if (value.kind !== "String") return undefined;
  const text = value.value;
  if (text.includes("\0")) return defaultUnstorableText(value.span, label, "contains a NUL character (U+0000)");
  if (LONE_SURROGATE.test(text)) return defaultUnstorableText(value.span, label, "contains a lone surrogate (half of a UTF-16 pair, not a character)");
  switch (type.kind) {
    case "String": {
      const max = type.length ?? MYSQL_DEFAULT_VARCHAR;
      const length = [...text].length;
      if (length <= max) return undefined;
      return bad(`the default has ${length} characters but the column holds at most ${max}${type.length === undefined ? " on MySQL/MariaDB (a plain `String` is VARCHAR(255) there)" : ""}`,
        type.length === undefined ? "shorten the default, give the column a length with `String(n)`, or make it `Text`" : `shorten the default, or make the column \`String(${length})\``);
    }
    case "Uuid":
      return UUID.test(text) ? undefined
        : bad(`"${abbreviate(text)}" is not a UUID in canonical form`, "write 32 lowercase hex digits grouped 8-4-4-4-12, e.g. \"123e4567-e89b-12d3-a456-426614174000\", or use `@default(uuid())`");
    case "Json":
      try {
        JSON.parse(text);
        return undefined;
      } catch {
        return bad(`"${abbreviate(text)}" is not valid JSON`, "write a JSON text, e.g. `@default(\"{}\")` or `@default(\"[]\")`");
      }
    default:
      return undefined;
  }
}

function checkDecimal(raw: string, type: ColumnType, bad: (detail: string, help: string) => Diagnostic): Diagnostic | undefined {
  const declared = type.precision !== undefined;
  const precision = type.precision ?? MYSQL_DEFAULT_DECIMAL.precision;
  const scale = declared ? (type.scale ?? 0) : MYSQL_DEFAULT_DECIMAL.scale;
  const [whole = "", fraction = ""] = raw.replace(/^-/, "").split(".");
  const wholeDigits = whole.replace(/^0+/, "").length;
  const fractionDigits = fraction.replace(/0+$/, "").length;
  const typeText = `Decimal(${precision}, ${scale})`;
  const where = declared ? `a \`${typeText}\` column` : "a plain `Decimal` column on MySQL/MariaDB (DECIMAL(10,0) there)";
  if (fractionDigits > scale) {
    return bad(`\`${raw}\` has ${digits(fractionDigits)} after the point, but ${where} keeps ${scale}; the database would round it`,
      `write at most ${scale} decimals, or give the column more scale, e.g. \`Decimal(${Math.max(precision, wholeDigits + fractionDigits)}, ${fractionDigits})\``);
  }
  if (wholeDigits > precision - scale) {
    return bad(`\`${raw}\` has ${digits(wholeDigits)} before the point, but ${where} holds at most ${precision - scale}`,
      `use a smaller number, or give the column more precision, e.g. \`Decimal(${wholeDigits + scale}, ${scale})\``);
  }
  return undefined;
}

const digits = (n: number): string => `${n} digit${n === 1 ? "" : "s"}`;

/** Long literals (a 321-digit number) are shown by their ends. */
function abbreviate(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 20)}…${text.slice(-10)} (${text.length} characters)`;
}
