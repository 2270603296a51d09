import { isReservedDeclarationName, words } from "@relgen/dsl";

/**
 * Every name `relgen pull` derives from a database name, in one place. The
 * language's conventions (docs/language.md): entities are singular
 * PascalCase (`order_lines` → `OrderLine`), fields camelCase (`is_active` →
 * `isActive`), collections plural; `@@table` / `@column` keep the database
 * name whenever the derived one would not map back to it.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Declaration names the language reserves or uses for scalars: an entity may not take them. */
const TAKEN_TYPE_NAMES = new Set([
  "entity", "table", "enum", "import",
  "Int", "BigInt", "Float", "Decimal", "String", "Text", "Boolean", "Date", "DateTime", "Json", "Uuid", "Bytes",
  "Uint8Array",
]);

/** Declaration names taken besides the compiler's reserved ones: the language's keywords. */
const KEYWORDS = new Set(["entity", "table", "enum", "import"]);
export const isTakenDeclarationName = (name: string): boolean => KEYWORDS.has(name) || isReservedDeclarationName(name);
/** A class field named `constructor` does not compile. */
export const RESERVED_FIELD_NAMES = ["constructor"];

const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
/** Words keep their inner capitals (`createdAt` stays), an all-capital word reads as one word (`ID` → `Id`). */
const wordCase = (w: string) => (w === w.toUpperCase() ? capital(w.toLowerCase()) : capital(w));
const safeWords = (name: string) => words(name.replace(/[^A-Za-z0-9_]+/g, "_"));

export function pascalCase(name: string): string {
  const text = safeWords(name).map(wordCase).join("");
  return startsRight(text === "" ? "X" : text);
}

export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

const startsRight = (text: string) => (/^[0-9]/.test(text) ? `_${text}` : text);

/** `categories` → `category`, `addresses` → `address`, `news` stays (English enough for table names). */
const IRREGULAR: Record<string, string> = { people: "person", children: "child", men: "man", women: "woman" };
const IRREGULAR_PLURAL = Object.fromEntries(Object.entries(IRREGULAR).map(([many, one]) => [one, many]));
const keepCase = (from: string, to: string) => (/^[A-Z]/.test(from) ? to.charAt(0).toUpperCase() + to.slice(1) : to);

export function singular(word: string): string {
  const irregular = IRREGULAR[word.toLowerCase()];
  if (irregular !== undefined) return keepCase(word, irregular);
  if (/[lr]ves$/i.test(word)) return `${word.slice(0, -3)}f`;
  if (/ies$/i.test(word) && word.length > 4) return word.slice(0, -3) + (word.endsWith("IES") ? "Y" : "y");
  if (/(ss|x|ch|sh|z)es$/i.test(word)) return word.slice(0, -2);
  if (/[^su]s$/i.test(word) && !/(news|status|ss)$/i.test(word)) return word.slice(0, -1);
  return word;
}

export function plural(word: string): string {
  const irregular = IRREGULAR_PLURAL[word.toLowerCase()];
  if (irregular !== undefined) return keepCase(word, irregular);
  if (/[lr]f$/i.test(word)) return `${word.slice(0, -1)}ves`;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|ch|sh|z)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

/** The last word of a name singular or plural: `order_lines` → `OrderLine`, `userGroups` → `userGroup`. */
function lastWord(name: string, change: (w: string) => string): string {
  const parts = safeWords(name);
  if (parts.length === 0) return name;
  parts[parts.length - 1] = change(parts[parts.length - 1]!);
  return parts.join("_");
}

export const entityNameOf = (table: string): string => {
  const name = pascalCase(lastWord(table, singular));
  return TAKEN_TYPE_NAMES.has(name) ? `${name}Record` : name;
};
export const collectionName = (entity: string): string => camelCase(lastWord(entity, plural));
/** A column already in camelCase keeps its name (no `@column` needed); others are converted. */
export const fieldNameOf = (column: string): string => (/^[a-z][A-Za-z0-9]*$/.test(column) ? column : camelCase(column));

/** The relation a key column names: `authorId`, `author_id`, `AuthorID` → `author`; undefined when it has no key suffix. */
export function relationNameOf(column: string): string | undefined {
  const match = /^(.+?)_?(id|Id|ID|_fk|Fk|FK|_key)$/.exec(column);
  return match === null ? undefined : camelCase(match[1]!);
}

/** Table declarations keep their database name, so it must already be an identifier. */
export const isIdentifier = (name: string): boolean => IDENTIFIER.test(name);

/** Hands out names unique within one scope, in the order asked (deterministic when the asking order is). */
export class NameScope {
  private readonly used = new Set<string>();
  private readonly reserved: (name: string) => boolean;
  /** `reserved` names are refused exactly as written (`class` is, `Class` is not); used names ignoring case. */
  constructor(reserved: Iterable<string> | ((name: string) => boolean) = []) {
    this.reserved = typeof reserved === "function" ? reserved : ((set) => (name: string) => set.has(name))(new Set(reserved));
  }
  has(name: string): boolean {
    return this.reserved(name) || this.used.has(name.toLowerCase());
  }
  /** The first candidate that is free, else the last one numbered. */
  claim(...candidates: string[]): string {
    for (const c of candidates) if (!this.has(c)) return this.take(c);
    const base = candidates[candidates.length - 1]!;
    for (let i = 2; ; i++) if (!this.has(`${base}${i}`)) return this.take(`${base}${i}`);
  }
  private take(name: string): string {
    this.used.add(name.toLowerCase());
    return name;
  }
}
