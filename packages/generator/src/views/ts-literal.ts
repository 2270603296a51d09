import { propertyKey } from "./naming.js";

export type LiteralValue =
  string | number | boolean | null | undefined | readonly LiteralValue[] | { readonly [key: string]: LiteralValue };

/**
 * Plain data as TypeScript source (Prettier lays it out afterwards). Keys keep
 * insertion order; `undefined` properties are left out so optional metadata
 * stays absent rather than `undefined`.
 */
export function tsLiteral(value: LiteralValue): string {
  if (value === null) return "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot print non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (value === undefined) return "undefined";
  if (isArray(value)) return `[${value.map(tsLiteral).join(", ")}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${tsLiteral(v)}`).join(", ")} }`;
}

function isArray(value: LiteralValue): value is readonly LiteralValue[] {
  return Array.isArray(value);
}
