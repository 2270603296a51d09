/**
 * Every database name relgen derives, in one place (decisions.md, "Names").
 * Constraint names follow PostgreSQL's conventions and are kept within the
 * 63-byte identifier limit every supported engine accepts (PostgreSQL
 * counts bytes, MySQL/MariaDB 64 characters).
 */

const MAX_IDENTIFIER = 63;

/** `BlogPost` → `blog_post`, `HTTPLog` → `http_log`, `user2Fa` → `user2_fa`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** Words of an identifier: `BlogPost` → [Blog, Post], `HTTPLog` → [HTTP, Log], `user_groups` → [user, groups]. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_\-]+/)
    .filter((w) => w.length > 0);
}

/** `BlogPost` → `blog-post`, `HTTPLog` → `http-log`: the file name of an entity's model. */
export function kebabCase(name: string): string {
  return words(name)
    .map((w) => w.toLowerCase())
    .join("-");
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

/** Size of a name where it is smallest allowed: PostgreSQL counts UTF-8 bytes (MySQL's 64 characters is never smaller). */
const identifierSize = (name: string): number => Buffer.byteLength(name, "utf8");

/** The longest prefix of `name` within `bytes` UTF-8 bytes, never splitting a character. */
function prefixWithin(name: string, bytes: number): string {
  let out = "";
  for (const ch of name) {
    if (identifierSize(out + ch) > bytes) break;
    out += ch;
  }
  return out;
}

/** Long names keep a readable prefix plus a hash of the whole, so they stay distinct. */
export function fitIdentifier(name: string): string {
  if (identifierSize(name) <= MAX_IDENTIFIER) return name;
  return `${prefixWithin(name, 54)}_${fnv1a32(name)}`;
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

  /** Compared ignoring case: MySQL/MariaDB constraint names are case-insensitive. */
  claim(name: string): string {
    let candidate = name;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) {
      const suffix = `_${n}`;
      candidate = identifierSize(name) + suffix.length > MAX_IDENTIFIER
        ? `${prefixWithin(name, MAX_IDENTIFIER - suffix.length)}${suffix}`
        : `${name}${suffix}`;
    }
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}
