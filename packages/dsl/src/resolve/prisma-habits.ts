import type { Attribute, FieldDecl, Value } from "../ast/nodes.js";

/**
 * How relgen writes what a Prisma schema says with an attribute relgen does
 * not have, so someone coming from Prisma gets the translation rather than
 * only the list of allowed attributes. Undefined for any other name.
 */
export function prismaAttributeHelp(attr: Attribute, field: FieldDecl | undefined): string | undefined {
  const name = attr.name.name;
  if (attr.block) {
    if (name === "map") return `relgen names the table with \`@@table(${quotedArg(attr)})\``;
    return undefined;
  }
  switch (name) {
    case "autoincrement":
      return "relgen writes `@default(autoincrement())`, e.g. `id Int @id @default(autoincrement())`";
    case "map":
      return `relgen names the column with \`@column(${quotedArg(attr)})\``;
    case "relation":
      return relationHelp(attr, field);
    case "updatedAt":
      return "relgen has no `@updatedAt`; set the value when you write the row, or use `@default(now())` for the time of insert";
    default:
      return undefined;
  }
}

/** `@relation(fields: [authorId], references: [id])` on `author User` → the relgen pair of fields. */
function relationHelp(attr: Attribute, field: FieldDecl | undefined): string {
  const named = (n: string) => attr.args.find((a) => a.name?.name === n)?.value;
  const key = firstWord(named("fields")) ?? (field ? `${field.name.name}Id` : "authorId");
  const target = field?.type.name.name ?? "User";
  const column = firstWord(named("references")) ?? "id";
  const relation = field?.name.name ?? "author";
  return `relgen has no \`@relation\`: mark the key column with \`${key} Int @references(${target}.${column})\` ` +
    `and write the relation field as \`${relation} ${target}\`; pair it with the list on \`${target}\` by \`@inverse(...)\` on each side, ` +
    `or drop that list and let \`@backref(name)\` here create it (\`@fk(${key})\` picks the key when several point at \`${target}\`)`;
}

/** The first argument as written when it is a string (`@map("tag_name")`), else a placeholder. */
function quotedArg(attr: Attribute): string {
  const v = attr.args[0]?.value;
  return JSON.stringify(v?.kind === "String" ? v.value : "name");
}

function firstWord(v: Value | undefined): string | undefined {
  if (v?.kind === "Word") return v.name;
  if (v?.kind === "List") return firstWord(v.items[0]);
  return undefined;
}
