/**
 * Every database name relgen derives, in one place (decisions.md, "Names").
 * Constraint names follow PostgreSQL's conventions and are kept within the
 * 63-character identifier limit every supported engine accepts.
 */

const MAX_IDENTIFIER = 63;

/** `BlogPost` → `blog_post`, `HTTPLog` → `http_log`, `user2Fa` → `user2_fa`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** Table of an entity: `@@table("x")`, else its name in snake_case. */
export function entityTableName(entityName: string, declared?: string): string {
  return declared ?? snakeCase(entityName);
}

/** Column of a field: `@column("x")`, else the field name as written. */
export function columnName(fieldName: string, declared?: string): string {
  return declared ?? fieldName;
}

/** FNV-1a, 32-bit: small, stable across runs and platforms. */
export function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** Long names keep a readable prefix plus a hash of the whole, so they stay distinct. */
export function fitIdentifier(name: string): string {
  if (name.length <= MAX_IDENTIFIER) return name;
  return `${name.slice(0, 54)}_${fnv1a32(name)}`;
}

export const constraintName = {
  primaryKey: (table: string) => fitIdentifier(`${table}_pkey`),
  foreignKey: (table: string, columns: readonly string[]) => fitIdentifier(`${table}_${columns.join("_")}_fkey`),
  unique: (table: string, columns: readonly string[]) => fitIdentifier(`${table}_${columns.join("_")}_key`),
  index: (table: string, columns: readonly string[]) => fitIdentifier(`${table}_${columns.join("_")}_idx`),
};

/**
 * Hands out constraint names unique across the schema (PostgreSQL requires
 * index names unique per schema). A clash gets `_2`, `_3`, ... in the order
 * names are requested, so callers must request them in a deterministic order.
 */
export class NameRegistry {
  private readonly taken = new Set<string>();

  claim(name: string): string {
    let candidate = name;
    for (let n = 2; this.taken.has(candidate); n++) {
      const suffix = `_${n}`;
      candidate = fitIdentifier(name).length + suffix.length > MAX_IDENTIFIER
        ? `${name.slice(0, MAX_IDENTIFIER - suffix.length)}${suffix}`
        : `${name}${suffix}`;
    }
    this.taken.add(candidate);
    return candidate;
  }
}
