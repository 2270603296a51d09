import type { CatalogForeignKey, CatalogTable } from "@relgen/runtime/migrate";
import { constraintsOf, fieldOf, isExpressibleKey, type PullContext } from "./context.js";
import type { PulledDecl } from "./model.js";
import { camelCase, collectionName, plural, relationNameOf } from "./names.js";

interface Link {
  readonly table: CatalogTable;
  readonly fk: CatalogForeignKey;
  readonly column: string;
}

const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/**
 * Relation fields for every foreign key, named from the tables (SQLAlchemy's
 * backref habit: one side is declared, `@backref` names the other):
 *
 * - a unique key column is one-to-one, declared on the referenced entity
 *   (`profile Profile? @backref(user)`);
 * - any other key is many-to-one, declared on the entity holding it
 *   (`author User @backref(posts)`), the adjacency list included;
 * - a pure association table is many-to-many, declared on the entity its
 *   first key points at (`courses Course[] @through(student_course) @backref(students)`),
 *   with `from:`/`to:` when both keys point at the same entity.
 *
 * `@fk` is added whenever two entities are linked by more than one key.
 */
export function addRelations(ctx: PullContext, decls: ReadonlyMap<string, PulledDecl>): void {
  const links: Link[] = [];
  for (const table of ctx.catalog.tables) {
    if (!decls.has(table.name)) continue;
    for (const fk of table.foreignKeys) if (isExpressibleKey(ctx, fk)) links.push({ table, fk, column: fk.columns[0]! });
  }
  const pair = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const between = new Map<string, number>();
  for (const link of links) between.set(pair(link.table.name, link.fk.targetTable), (between.get(pair(link.table.name, link.fk.targetTable)) ?? 0) + 1);

  for (const link of links) {
    if (ctx.kinds.get(link.table.name) === "association") continue;
    if (ctx.kinds.get(link.fk.targetTable) !== "entity") continue;
    const ambiguous = (between.get(pair(link.table.name, link.fk.targetTable)) ?? 0) > 1;
    oneOrMany(ctx, decls, link, ambiguous);
  }
  for (const table of ctx.catalog.tables) if (decls.has(table.name)) manyToMany(ctx, decls, table);
}

function oneOrMany(ctx: PullContext, decls: ReadonlyMap<string, PulledDecl>, link: Link, ambiguous: boolean): void {
  const { table, fk, column } = link;
  const child = decls.get(table.name)!;
  const parent = decls.get(fk.targetTable)!;
  const childScope = ctx.fieldScopes.get(table.name)!;
  const parentScope = ctx.fieldScopes.get(fk.targetTable)!;
  const keyField = fieldOf(ctx, table.name, column);
  const fkAttr = ambiguous ? [`@fk(${keyField})`] : [];
  const nullable = table.columns.find((c) => c.name === column)?.nullable === true && !table.primaryKey.includes(column);
  const stem = relationNameOf(column);
  // A partial UNIQUE index does not make the key one-to-one: only the uniques `.rel` can declare do.
  const unique = constraintsOf(ctx, table).uniques.some((u) => u.length === 1 && u[0] === column) || (table.primaryKey.length === 1 && table.primaryKey[0] === column);
  // A unique self-reference stays many-to-one: declared on its own entity, the rules read it from the key's side.
  if (unique && table.name !== fk.targetTable) {
    const backName = childScope.claim(...candidates(stem, camelCase(parent.name)));
    const name = parentScope.claim(camelCase(child.name), `${camelCase(child.name)}As${capital(backName)}`);
    parent.relations.push({ name, type: `${child.name}?`, attributes: [...fkAttr, `@backref(${backName})`] });
    return;
  }
  const name = childScope.claim(...candidates(stem, camelCase(parent.name)));
  // A self-reference through `parent` is a tree: its backref is the list of children.
  const collection = table.name === fk.targetTable && stem === "parent" ? "children" : collectionName(child.name);
  const backName = parentScope.claim(...(ambiguous ? [] : [collection]), `${name}${capital(collection)}`);
  child.relations.push({ name, type: `${parent.name}${nullable ? "?" : ""}`, attributes: [...fkAttr, `@backref(${backName})`] });
}

/** From the key column (`authorId` → `author`), else from the target entity; `...Ref` when both are taken. */
function candidates(stem: string | undefined, fromEntity: string): string[] {
  return [...(stem === undefined ? [] : [stem]), fromEntity, `${stem ?? fromEntity}Ref`];
}

/**
 * The pair of keys a link table joins by: an association table's two keys, or
 * an entity's two-column primary key (else two-column unique) made of two
 * single-column foreign keys to entities — an association object, which
 * also gets a view-only `@through` collection.
 */
function linkKeys(ctx: PullContext, table: CatalogTable): [CatalogForeignKey, CatalogForeignKey] | undefined {
  const keyOn = (column: string) =>
    table.foreignKeys.find((fk) => fk.columns[0] === column && isExpressibleKey(ctx, fk) && ctx.kinds.get(fk.targetTable) === "entity");
  for (const pair of [table.primaryKey, ...constraintsOf(ctx, table).uniques]) {
    if (pair.length !== 2) continue;
    const [a, b] = [keyOn(pair[0]!), keyOn(pair[1]!)];
    if (a === undefined || b === undefined) continue;
    const order = new Map(ctx.details.get(table.name)?.columns.map((c, i) => [c.name, i]) ?? []);
    return [a, b].sort((x, y) => (order.get(x.columns[0]!) ?? 0) - (order.get(y.columns[0]!) ?? 0)) as [CatalogForeignKey, CatalogForeignKey];
  }
  return undefined;
}

function manyToMany(ctx: PullContext, decls: ReadonlyMap<string, PulledDecl>, table: CatalogTable): void {
  const keys = linkKeys(ctx, table);
  if (keys === undefined) return;
  const [from, to] = keys;
  const source = decls.get(from.targetTable)!;
  const target = decls.get(to.targetTable)!;
  const through = decls.get(table.name)!.name;
  const self = source === target;
  // from:/to: are needed when the link could be read two ways: a self-reference, or other keys to either side.
  const sides = table.foreignKeys.filter((fk) => fk.targetTable === from.targetTable || fk.targetTable === to.targetTable);
  const explicit = self || sides.length > 2;
  const fromField = fieldOf(ctx, table.name, from.columns[0]!);
  const toField = fieldOf(ctx, table.name, to.columns[0]!);
  const suffix = `Via${capital(camelCase(through))}`;
  const name = ctx.fieldScopes.get(from.targetTable)!.claim(
    ...(self ? [plural(relationNameOf(to.columns[0]!) ?? toField)] : []),
    collectionName(target.name),
    `${collectionName(target.name)}${suffix}`,
  );
  const backName = ctx.fieldScopes.get(to.targetTable)!.claim(
    ...(self ? [plural(relationNameOf(from.columns[0]!) ?? fromField)] : []),
    collectionName(source.name),
    `${collectionName(source.name)}${suffix}`,
  );
  const via = explicit ? `${through}, from: ${fromField}, to: ${toField}` : through;
  source.relations.push({ name, type: `${target.name}[]`, attributes: [`@through(${via})`, `@backref(${backName})`] });
}
