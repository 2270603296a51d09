import type { Attribute } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  invalidAttributeArgs, renamedFromClaimedTwice, renamedFromNotAName, renamedFromOwnName, renamedFromStillExists,
} from "../diagnostics/catalog/index.js";
import type { AttributedModel, ColumnFacts, RenameSpec } from "./model.js";

/**
 * `@renamedFrom` / `@@renamedFrom`: the name a field, entity or table had
 * before. The compiler only checks that the claim is coherent within this
 * schema; whether the old name exists is for `relgen migrate dev` to decide
 * against its snapshot (once the migration is written the old name is gone
 * from the snapshot and the attribute no longer matters).
 */

/** Old names were declaration or field names, so they follow the identifier rule. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads the attribute's one string argument; reports a malformed or pointless one and returns undefined. */
export function readRename(attr: Attribute, where: string, current: string, diagnostics: Diagnostic[]): RenameSpec | undefined {
  const shown = `${attr.block ? "@@" : "@"}renamedFrom`;
  const value = attr.args.length === 1 && !attr.args[0]!.name ? attr.args[0]!.value : undefined;
  if (value?.kind !== "String") {
    diagnostics.push(invalidAttributeArgs(attr.span, shown, where, `${shown}("oldName")`));
    return undefined;
  }
  if (!NAME.test(value.value)) {
    diagnostics.push(renamedFromNotAName(value.span, shown, where, value.value));
    return undefined;
  }
  // an error, not a warning: the likely slip is writing the new name, and then no rename would happen
  if (value.value === current) {
    diagnostics.push(renamedFromOwnName(value.span, shown, where, current));
    return undefined;
  }
  return { name: value.value, span: attr.span };
}

/**
 * Within one entity or table: the old name must be free (else the migration
 * could not tell the renamed column from the one that kept the name) and
 * claimed by one field only.
 */
export function checkFieldRenames(owner: string, columns: readonly ColumnFacts[], diagnostics: Diagnostic[]): void {
  // relation fields are left out on purpose: they have no column, so a column may leave a name a relation now uses
  const byName = new Map(columns.map((c) => [c.name, c]));
  const claims = new Map<string, ColumnFacts>();
  for (const c of columns) {
    const old = c.renamedFrom;
    if (!old) continue;
    const where = `\`${owner}.${c.name}\``;
    const still = byName.get(old.name);
    if (still) diagnostics.push(renamedFromStillExists(old.span, "@renamedFrom", where, old.name, `field \`${owner}.${old.name}\``, still.field.name.span));
    const first = claims.get(old.name);
    if (first?.renamedFrom) diagnostics.push(renamedFromClaimedTwice(old.span, "@renamedFrom", where, old.name, `\`${owner}.${first.name}\``, first.renamedFrom.span));
    else claims.set(old.name, c);
  }
}

/**
 * Across the schema: an entity's old name must not still name an entity or
 * table, a table's old name must not still be a table name, and no two
 * declarations claim one old name (entities and tables share one namespace
 * of declaration names, so they share one of old names too).
 */
export function checkModelRenames(models: readonly AttributedModel[], diagnostics: Diagnostic[]): void {
  const declared = new Map(models.map((m) => [m.name, m]));
  const tables = new Map<string, AttributedModel>();
  for (const m of models) if (!tables.has(m.tableName)) tables.set(m.tableName, m);
  const claims = new Map<string, AttributedModel>();
  const label = (m: AttributedModel) => `${m.isEntity ? "entity" : "table"} \`${m.name}\``;
  for (const m of models) {
    const old = m.renamedFrom;
    if (!old) continue;
    const still = m.isEntity ? declared.get(old.name) : tables.get(old.name);
    if (still) {
      const what = still.name === old.name ? label(still) : `the table "${old.name}" of ${label(still)}`;
      diagnostics.push(renamedFromStillExists(old.span, "@@renamedFrom", label(m), old.name, what, still.decl.name.span));
    }
    const first = claims.get(old.name);
    if (first?.renamedFrom) diagnostics.push(renamedFromClaimedTwice(old.span, "@@renamedFrom", label(m), old.name, label(first), first.renamedFrom.span));
    else claims.set(old.name, m);
  }
}
