import { RelgenError } from "../errors/relgen-error.js";
import { entityNamed, inverseOf, type EntityInfo, type RelationInfo } from "../model/entity-info.js";
import { resolvableByKey } from "../model/resolve.js";
import type { LoadStrategy } from "../query/query-types.js";

/** One relation to load for every object of a level, and what to load under it. */
export interface LoadNode {
  readonly relation: RelationInfo;
  readonly strategy: LoadStrategy;
  readonly children: readonly LoadNode[];
}

type Option = LoadStrategy | true | { readonly lazy?: LoadStrategy; readonly with?: Spec } | undefined;
type Spec = { readonly [relation: string]: Option };

const EAGER = new Set<LoadStrategy>(["joined", "subquery", "selectin"]);

/**
 * The query's choices merged with the relations' declared strategies. A
 * declared eager relation loads without being named, but never twice along
 * one path, so a self-referential `@lazy(joined)` stops after one level
 * (SQLAlchemy's join_depth of 1).
 */
export function buildPlan(entity: EntityInfo, spec: Spec | undefined, path: readonly RelationInfo[] = []): LoadNode[] {
  if (spec) {
    for (const name of Object.keys(spec)) {
      const index = entity.relationIndex.get(name);
      if (index === undefined || entity.relations[index]!.hidden) {
        const known = entity.relations.filter((r) => !r.hidden).map((r) => r.name);
        throw new RelgenError(
          `${entity.name} has no relation "${name}" to load; its relations are: ${known.join(", ") || "(none)"}.`,
        );
      }
    }
  }
  const nodes: LoadNode[] = [];
  for (const relation of entity.relations) {
    if (relation.hidden) continue;
    const option = spec?.[relation.name];
    const strategy = strategyFor(relation, option, path);
    if (!strategy) continue;
    const nested = typeof option === "object" ? option.with : undefined;
    const children = EAGER.has(strategy) ? buildPlan(targetOf(entity, relation), nested, [...path, relation]) : [];
    nodes.push({ relation, strategy, children });
  }
  return nodes;
}

function strategyFor(relation: RelationInfo, option: Option, path: readonly RelationInfo[]): LoadStrategy | undefined {
  const declared = relation.meta.lazy;
  if (option === undefined) {
    return declared !== "dynamic" && EAGER.has(declared as LoadStrategy) && !path.includes(relation) && !heldByOwner(relation, path)
      ? (declared as LoadStrategy)
      : undefined;
  }
  if (declared === "dynamic") {
    throw new RelgenError(
      `${relation.owner}.${relation.name} is @lazy(dynamic): it is a query, not a list. ` +
        `Use \`${relation.owner.toLowerCase()}.${relation.name}.query()\` instead of loading it with the parent.`,
    );
  }
  const asked = option === true ? undefined : typeof option === "string" ? option : option.lazy;
  if (asked) return asked;
  return EAGER.has(declared as LoadStrategy) ? (declared as LoadStrategy) : "selectin";
}

/**
 * A declared eager to-one back to the parent whose collection is loading
 * (`Comment.author` under `User.comments`): every child's key points at that
 * parent, which the session holds, so the identity map answers it without a
 * statement and reading the parent's row again would change nothing. Still
 * loaded when that load would bring eager relations of its own.
 */
function heldByOwner(relation: RelationInfo, path: readonly RelationInfo[]): boolean {
  const parent = path.at(-1);
  if (!parent || inverseOf(parent) !== relation || !resolvableByKey(relation) || parent.meta.foreignKeySide !== "target") return false;
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((f, i) => f === b[i]);
  if (!same(parent.meta.localColumns, relation.meta.remoteColumns) || !same(parent.meta.remoteColumns, relation.meta.localColumns)) return false;
  return buildPlan(entityNamed(relation.schema, relation.meta.target), undefined, [...path, relation]).length === 0;
}

export function targetOf(entity: EntityInfo, relation: RelationInfo): EntityInfo {
  return entityNamed(entity.schema, relation.meta.target);
}
