import { keyPart, type EntityMapper } from "../engine/entity-mapper.js";
import { inverseOf, type RelationInfo } from "../model/entity-info.js";
import { stateOf } from "../model/instance-state.js";
import { fillCollection, fillReference } from "../model/relation-ops.js";
import { resolvableByKey } from "../model/resolve.js";
import { bindsAsOne, inCondition, longList } from "../query/in-list.js";
import { SqlBuilder } from "../query/sql-builder.js";
import type { ColumnTypeMeta } from "../schema-meta.js";
import { buildPlan, type LoadNode } from "./plan.js";
import { inList, relationPath, type RelationPath } from "./relation-sql.js";

/** What loading needs from the session. */
export interface LoadContext {
  readonly mapperOf: (entity: string) => EntityMapper;
  readonly selectinBatchSize: number;
  query(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
  materialize(mapper: EntityMapper, row: readonly unknown[], offset: number, json: boolean): object;
}

/** `SELECT <fields> FROM ...` over the rows of one level: how `subquery` re-runs what loaded the parents. */
export type KeySource = (sb: SqlBuilder, fields: readonly string[]) => string;

/** The root of a query: its table, filters, order and page. */
export interface RootSource {
  readonly mapper: EntityMapper;
  from(sb: SqlBuilder, alias: string): string;
  where(sb: SqlBuilder, alias: string): string[];
  orderBy(sb: SqlBuilder, alias: string): string;
  readonly limit: number | undefined;
  readonly offset: number | undefined;
}

const ROOT = "t0";

/**
 * Runs a query and its load plan: the root statement carries `joined`
 * relations as JSON columns; `selectin` and `subquery` relations take one more
 * statement per level (selectin: per 500 parents); nested choices repeat the
 * same per level.
 */
export class Loader {
  private aliasCount = 0;

  constructor(private readonly ctx: LoadContext) {}

  async run(root: RootSource, plan: readonly LoadNode[]): Promise<object[]> {
    const sb = new SqlBuilder(root.mapper.dialect);
    const joined = plan.filter((n) => n.strategy === "joined");
    const columns = [root.mapper.selectList(sb, ROOT), ...joined.map((n) => this.joinedColumn(sb, n, root.mapper, ROOT))];
    const sql = `SELECT ${columns.join(", ")} FROM ${root.from(sb, ROOT)}${rootTail(sb, root, ROOT)}`;
    const rows = await this.ctx.query(sql, sb.params);
    const objects: object[] = [];
    const seen = new Set<object>();
    for (const row of rows) {
      const obj = this.ctx.materialize(root.mapper, row, 0, false);
      this.absorbJoined(obj, row, root.mapper.columnCount, joined, false);
      if (!seen.has(obj)) {
        seen.add(obj);
        objects.push(obj);
      }
    }
    await this.loadLevel(objects, root.mapper, plan, (ksb, fields) => this.rootKeys(ksb, root, fields));
    return objects;
  }

  /** A lazy load (or a batch of them): the relation by `selectin`, plus the target's declared eager relations. */
  loadRelation(owners: readonly object[], relation: RelationInfo): Promise<void> {
    const ownerMapper = this.ctx.mapperOf(relation.owner);
    const lazy = lazyLoad(ownerMapper, relation, this.ctx);
    const keys: KeySource = (sb, fields) => this.objectKeys(sb, ownerMapper, owners, fields);
    // Nothing eager under the relation (the usual case): the load is one batch, with no walk over levels around it
    // (its result, the children, is for a level below; callers only wait for it).
    if (lazy.node.children.length === 0) {
      return this.batch(owners, ownerMapper, lazy.node, lazy.path, keys, lazy.deliver, lazy.joined) as Promise<unknown> as Promise<void>;
    }
    return this.loadLevel(owners, ownerMapper, [lazy.node], keys);
  }

  /** A relation's rows for one owner, in the relation's order, without filling anything (dynamic relations hold no items). */
  async fetchRelated(owners: readonly object[], relation: RelationInfo): Promise<Map<object, object[]>> {
    const ownerMapper = this.ctx.mapperOf(relation.owner);
    const path = relationPath(relation, this.ctx.mapperOf(relation.meta.target));
    const node: LoadNode = { relation, strategy: "selectin", children: [] };
    const found = new Map<object, object[]>();
    const through = relation.meta.through !== undefined;
    await this.batch(owners, ownerMapper, node, path, () => "", (parents, children) => {
      // Only an association table can list one target row twice for one key.
      for (const parent of parents) found.set(parent, through ? [...new Set(children)] : children.slice());
    });
    return found;
  }

  private async loadLevel(parents: readonly object[], mapper: EntityMapper, nodes: readonly LoadNode[], keys: KeySource) {
    for (const node of nodes) {
      const target = this.ctx.mapperOf(node.relation.meta.target);
      const path = relationPath(node.relation, target);
      let children: readonly object[];
      switch (node.strategy) {
        case "joined":
          children = [...(this.joinedPlans?.get(node)?.found ?? [])];
          break;
        case "selectin":
        case "subquery":
          children = await this.batch(parents, mapper, node, path, keys);
          break;
        case "noload":
          for (const p of parents) fill(p, node.relation, []);
          continue;
        case "raise":
          for (const p of parents) stateOf(p).slot(node.relation).raise = true;
          continue;
        default:
          continue;
      }
      if (node.children.length > 0 && children.length > 0) {
        await this.loadLevel(children, target, node.children, (sb, fields) => this.childKeys(sb, path, keys, fields));
      }
    }
  }

  /**
   * One `selectin` / `subquery` load of `node` for all `parents`; resolves to
   * the children found. Not async itself: a lazy load of one object goes
   * straight to its statement, with no promise of its own on the way.
   */
  private batch(
    parents: readonly object[],
    parentMapper: EntityMapper,
    node: LoadNode,
    path: RelationPath,
    keys: KeySource,
    deliver: Deliver = slotFiller(node.relation),
    joined: readonly LoadNode[] = node.children.filter((n) => n.strategy === "joined"),
  ): Promise<object[]> {
    if (parents.length === 1 && node.strategy === "selectin") {
      const parent = parents[0]!;
      if (fieldKey(parent, path.parentFields) !== null) return this.oneParent(parent, parentMapper, node, path, joined, parents, deliver);
      deliver(parents, []);
      return Promise.resolve([]);
    }
    // Per key: the parents with it, then the children found for it (one lookup a row, not a lookup and a store).
    const groups = new Map<unknown, Group>();
    for (const parent of parents) {
      const key = fieldKey(parent, path.parentFields);
      if (key === null) {
        deliver([parent], []);
        continue;
      }
      const group = groups.get(key);
      if (group) group.parents.push(parent);
      else groups.set(key, { parents: [parent], children: [] });
    }
    const distinct: object[] = [];
    for (const group of groups.values()) distinct.push(group.parents[0]!);
    if (node.strategy === "selectin" && distinct.length === 1) {
      return this.oneParent(distinct[0]!, parentMapper, node, path, joined, groups.values().next().value!.parents, deliver);
    }
    return this.manyParents(groups, distinct, parentMapper, node, path, joined, keys, deliver);
  }

  /** `batch` for parents with several keys: each row grouped under its key by the link columns it leads with. */
  private async manyParents(
    groups: ReadonlyMap<unknown, Group>,
    distinct: readonly object[],
    parentMapper: EntityMapper,
    node: LoadNode,
    path: RelationPath,
    joined: readonly LoadNode[],
    keys: KeySource,
    deliver: Deliver,
  ): Promise<object[]> {
    const target = path.target;
    const decoders = path.parentFields.map((f) => parentMapper.rowDecoders[parentMapper.info.columnIndex.get(f)!]);
    // A target row matches one key, so it comes once, except through an association table.
    const through = path.relation.meta.through !== undefined;
    // Only a level below needs this level's objects in one list.
    const all: object[] | undefined = node.children.length > 0 ? [] : undefined;
    const statements = this.keyConditions(node, distinct, path, parentMapper, keys).map((c) => this.statement(node, path, joined, c));
    for (const { sql, params, links } of statements) {
      const rows = await this.ctx.query(sql, params);
      for (const row of rows) {
        const group = groups.get(rowKey(row, links, decoders));
        const child = this.ctx.materialize(target, row, links, false);
        this.absorbJoined(child, row, links + target.columnCount, joined, false);
        group?.children.push(child);
        all?.push(child);
      }
    }
    for (const group of groups.values()) deliver(group.parents, group.children);
    if (!all) return [];
    return through ? [...new Set(all)] : all;
  }

  /**
   * A `selectin` load for parents that share one key (every sequential lazy
   * load): every row is theirs, so the statement selects no link columns and
   * the rows need no grouping. Hands the children to `group` by `deliver`.
   */
  private async oneParent(
    parent: object,
    parentMapper: EntityMapper,
    node: LoadNode,
    path: RelationPath,
    joined: readonly LoadNode[],
    group: readonly object[],
    deliver: Deliver,
  ): Promise<object[]> {
    const target = path.target;
    const { sql, params } = this.oneParentStatement(node, path, parentMapper, joined, parent);
    const rows = await this.ctx.query(sql, params);
    const children: object[] = [];
    for (const row of rows) {
      const child = this.ctx.materialize(target, row, 0, false);
      this.absorbJoined(child, row, target.columnCount, joined, false);
      children.push(child);
    }
    // Only an association table can list one target row twice for one key; the next level wants each object once.
    const each = path.relation.meta.through && children.length > 1 ? [...new Set(children)] : children;
    deliver(group, children);
    // The filled collection may change under a later await of this load; the next level keeps its own list.
    return each === children && node.children.length > 0 ? children.slice() : each;
  }

  /** `SELECT <link>, <target columns>, <joined JSON> FROM ... WHERE <condition> ORDER BY ...` */
  private statement(node: LoadNode, path: RelationPath, joined: readonly LoadNode[], condition: KeyCondition): Statement {
    const target = path.target;
    const sb = new SqlBuilder(target.dialect);
    const alias = this.alias();
    const link = path.link(sb, alias);
    const select = [...link, target.selectList(sb, alias), ...joined.map((n) => this.joinedColumn(sb, n, target, alias))];
    const from = path.from(sb, alias);
    const where = condition(sb, link);
    const order = path.orderBy(sb, alias);
    const sql = `SELECT ${select.join(", ")} FROM ${from} WHERE ${where}${order ? ` ORDER BY ${order}` : ""}`;
    return { sql, params: sb.params, links: link.length };
  }

  /**
   * `SELECT <target columns>, <joined JSON> FROM ... WHERE link = ? ORDER BY ...`
   * for one parent: its text built once per plan node and reused, the key values bound anew.
   */
  private oneParentStatement(node: LoadNode, path: RelationPath, mapper: EntityMapper, joined: readonly LoadNode[], parent: object) {
    let cached = oneParentSql.get(node);
    if (!cached) {
      const target = path.target;
      const sb = new SqlBuilder(target.dialect);
      const alias = this.alias();
      const select = [target.selectList(sb, alias), ...joined.map((n) => this.joinedColumn(sb, n, target, alias))];
      const from = path.from(sb, alias);
      const where = path.link(sb, alias).map((l) => `${l} = ${sb.param(null)}`).join(" AND ");
      const order = path.orderBy(sb, alias);
      const sql = `SELECT ${select.join(", ")} FROM ${from} WHERE ${where}${order ? ` ORDER BY ${order}` : ""}`;
      const types = path.parentFields.map((f) => mapper.info.columns[mapper.info.columnIndex.get(f)!]!.type);
      cached = { sql, types };
      oneParentSql.set(node, cached);
    }
    const values = parent as Record<string, unknown>;
    const { types } = cached;
    const fields = path.parentFields;
    const params = new Array<unknown>(fields.length);
    for (let i = 0; i < fields.length; i++) params[i] = mapper.dialect.encode(types[i]!, values[fields[i]!]);
    return { sql: cached.sql, params };
  }

  /**
   * The WHERE of each statement of one load: `subquery` one statement over
   * the re-run parent query; `selectin` one statement with a placeholder per
   * key up to `selectinBatchSize` keys, and above that the keys as ONE array
   * parameter (one statement whatever the number of parents), or, where the
   * engine cannot bind the key so (composite keys; dates, bytes, decimals and
   * booleans on SQLite and MySQL), a statement per `selectinBatchSize` keys.
   */
  private keyConditions(
    node: LoadNode,
    distinct: readonly object[],
    path: RelationPath,
    mapper: EntityMapper,
    keys: KeySource,
  ): KeyCondition[] {
    if (distinct.length === 0) return [];
    if (node.strategy === "subquery") return [(sb, link) => inList(link, keys(sb, path.parentFields))];
    const size = this.ctx.selectinBatchSize;
    const fields = path.parentFields;
    if (distinct.length > size && fields.length === 1) {
      const type = mapper.info.columns[mapper.info.columnIndex.get(fields[0]!)!]!.type;
      if (bindsAsOne(mapper.dialect.name, type)) {
        const values = distinct.map((o) => mapper.dialect.encode(type, (o as Record<string, unknown>)[fields[0]!]));
        // A key JSON cannot carry (a non-finite Float) falls back to a placeholder each, still one statement.
        return [(sb, link) => longList(sb, link[0]!, type, values) ?? inCondition(sb, link[0]!, type, values, false)];
      }
    }
    return chunk(distinct, size).map((group) => (sb, link) => keyCondition(sb, link, group, fields, mapper));
  }

  /** `(SELECT json_agg(json_array(cols..., nested...)) FROM child WHERE link = parent)` */
  private joinedColumn(sb: SqlBuilder, node: LoadNode, parentMapper: EntityMapper, parentAlias: string): string {
    const dialect = parentMapper.dialect;
    const target = this.ctx.mapperOf(node.relation.meta.target);
    const path = relationPath(node.relation, target);
    const alias = this.alias();
    const nested = node.children
      .filter((n) => n.strategy === "joined")
      .map((n) => {
        const expression = this.joinedColumn(sb, n, target, alias);
        return dialect.jsonEmbed ? dialect.jsonEmbed(expression) : expression;
      });
    const row = dialect.jsonRow([...target.jsonColumns(sb, alias), ...nested]);
    const from = path.from(sb, alias);
    const link = path.link(sb, alias);
    const parentColumns = path.parentFields.map((f) => parentMapper.info.columns[parentMapper.info.columnIndex.get(f)!]!.column);
    const on = link.map((l, i) => `${l} = ${sb.col(parentAlias, parentColumns[i]!)}`).join(" AND ");
    return `(SELECT ${dialect.jsonArrayAgg(row, path.orderBy(sb, alias))} FROM ${from} WHERE ${on})`;
  }

  /** Builds the joined children of `parent` from its row's JSON columns starting at `offset`. */
  private absorbJoined(parent: object, row: readonly unknown[], offset: number, nodes: readonly LoadNode[], nested: boolean) {
    for (let k = 0; k < nodes.length; k++) {
      const node = nodes[k]!;
      const plan = this.joinedPlan(node);
      const raw = row[offset + k];
      const list = (nested && typeof raw !== "string" ? raw : plan.target.dialect.parseJson(raw)) as unknown[] | null;
      // The decoded array (this load's own) becomes the children, each element replaced by its object: no second array per parent.
      const children = (list ?? []) as object[];
      for (let i = 0; i < children.length; i++) {
        const element = list![i] as unknown[];
        const child = this.ctx.materialize(plan.target, element, 0, true);
        if (plan.joined.length > 0) this.absorbJoined(child, element, plan.target.columnCount, plan.joined, true);
        children[i] = child;
        plan.found?.add(child);
      }
      fill(parent, node.relation, children);
      if (plan.inverse) for (const child of children) fillReference(child, plan.inverse, parent);
      // The parent keeps its row as its change-tracking baseline; the JSON it no longer needs would live as long.
      (row as unknown[])[offset + k] = null;
    }
  }

  /** Made on the first joined node: a lazy load (most loads) has none. */
  private joinedPlans: Map<LoadNode, JoinedPlan> | undefined;

  /** Per joined node, once per load: its target, its nested joined nodes, and whether its objects are gathered. */
  private joinedPlan(node: LoadNode): JoinedPlan {
    const plans = (this.joinedPlans ??= new Map());
    let plan = plans.get(node);
    if (!plan) {
      // Only a level with non-joined loads somewhere under it (through any depth of joined levels) needs its objects gathered.
      const found = needsGathering(node) ? new Set<object>() : undefined;
      plan = {
        target: this.ctx.mapperOf(node.relation.meta.target),
        joined: node.children.filter((n) => n.strategy === "joined"),
        inverse: childSide(node.relation),
        found,
      };
      plans.set(node, plan);
    }
    return plan;
  }

  /** The root query re-run for `subquery`, wrapped so engines that refuse LIMIT inside IN accept it. */
  private rootKeys(sb: SqlBuilder, root: RootSource, fields: readonly string[]): string {
    const alias = this.alias();
    const columns = fields.map((f, i) => `${sb.col(alias, columnOf(root.mapper, f))} AS ${sb.q(`k${i}`)}`).join(", ");
    const inner = `SELECT ${columns} FROM ${root.from(sb, alias)}${rootTail(sb, root, alias)}`;
    const paged = root.limit !== undefined || root.offset !== undefined;
    return paged ? `SELECT * FROM (${inner}) ${sb.q(`${alias}_page`)}` : inner;
  }

  private childKeys(sb: SqlBuilder, path: RelationPath, parentKeys: KeySource, fields: readonly string[]): string {
    const alias = this.alias();
    const columns = fields.map((f) => sb.col(alias, columnOf(path.target, f))).join(", ");
    const from = path.from(sb, alias);
    return `SELECT ${columns} FROM ${from} WHERE ${inList(path.link(sb, alias), parentKeys(sb, path.parentFields))}`;
  }

  private objectKeys(sb: SqlBuilder, mapper: EntityMapper, objects: readonly object[], fields: readonly string[]): string {
    const alias = this.alias();
    const columns = fields.map((f) => sb.col(alias, columnOf(mapper, f))).join(", ");
    const pk = mapper.info.meta.primaryKey;
    const link = pk.map((f) => sb.col(alias, columnOf(mapper, f)));
    return `SELECT ${columns} FROM ${sb.q(mapper.info.meta.table)} ${sb.q(alias)} WHERE ${keyCondition(sb, link, objects, pk, mapper)}`;
  }

  private alias(): string {
    return `t${++this.aliasCount}`;
  }
}

type KeyCondition = (sb: SqlBuilder, link: readonly string[]) => string;

interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
  /** How many link columns lead each row. */
  readonly links: number;
}

/**
 * One-parent statement texts by plan node. A lazy load's node is kept per
 * relation (see `lazyLoad`), so its text is built once; a query's nodes
 * die with the query, and their texts with them.
 */
const oneParentSql = new WeakMap<LoadNode, { readonly sql: string; readonly types: readonly ColumnTypeMeta[] }>();

/** What every lazy load of one relation shares: its plan node, path, joined children and how it fills the slots. */
interface LazyLoad {
  readonly node: LoadNode;
  readonly path: RelationPath;
  readonly joined: readonly LoadNode[];
  readonly deliver: Deliver;
}

/** The lazy loads of a relation, per engine (its owner's mapper): built on the first, the same for every later one. */
const lazyLoads = new WeakMap<EntityMapper, Map<RelationInfo, LazyLoad>>();

function lazyLoad(owner: EntityMapper, relation: RelationInfo, ctx: LoadContext): LazyLoad {
  let loads = lazyLoads.get(owner);
  if (!loads) lazyLoads.set(owner, (loads = new Map()));
  let load = loads.get(relation);
  if (!load) {
    const target = ctx.mapperOf(relation.meta.target);
    const node: LoadNode = { relation, strategy: "selectin", children: buildPlan(target.info, undefined, [relation]) };
    load = {
      node,
      path: relationPath(relation, target),
      joined: node.children.filter((n) => n.strategy === "joined"),
      deliver: slotFiller(relation),
    };
    loads.set(relation, load);
  }
  return load;
}

/** The parents of one load that share a key, and the rows found for it. */
/** Where a batch puts each group's children: the parents' slots (a load), or a caller's map (dynamic relations hold nothing). */
type Deliver = (parents: readonly object[], children: object[]) => void;

function slotFiller(relation: RelationInfo): Deliver {
  const inverse = childSide(relation);
  return (parents, children) => fillGroup(parents, relation, children, inverse);
}

interface Group {
  readonly parents: object[];
  readonly children: object[];
}

interface JoinedPlan {
  readonly target: EntityMapper;
  readonly joined: readonly LoadNode[];
  readonly inverse: RelationInfo | undefined;
  readonly found: Set<object> | undefined;
}

/**
 * The child's to-one side of a parent's relation, when a load must fill it;
 * undefined when the identity map answers it on access (the common case).
 */
function childSide(relation: RelationInfo): RelationInfo | undefined {
  if (relation.meta.foreignKeySide !== "target") return undefined;
  const inverse = inverseOf(relation);
  return inverse && !inverse.many && !resolvableByKey(inverse) ? inverse : undefined;
}

/**
 * True when a load under a joined node runs after the statement: its objects
 * must be handed to that level. A `select` (lazy) child does nothing at load
 * time, so it gathers nothing.
 */
function needsGathering(node: LoadNode): boolean {
  return node.children.some((n) => (n.strategy === "joined" ? needsGathering(n) : n.strategy !== "select"));
}

/** Parents sharing one key get the same children (each its own array when there are several). */
function fillGroup(group: readonly object[], relation: RelationInfo, children: object[], inverse: RelationInfo | undefined): void {
  for (const parent of group) {
    fill(parent, relation, group.length > 1 ? children.slice() : children);
    if (inverse) for (const child of children) fillReference(child, inverse, parent);
  }
}

function fill(parent: object, relation: RelationInfo, children: readonly object[]): void {
  if (relation.many) fillCollection(parent, relation, children);
  else fillReference(parent, relation, children[0] ?? null);
}

function columnOf(mapper: EntityMapper, field: string): string {
  return mapper.info.columns[mapper.info.columnIndex.get(field)!]!.column;
}

/** `link IN (?, ?)` for one column; OR-ed equalities for composite keys (portable across engines). */
function keyCondition(sb: SqlBuilder, link: readonly string[], objects: readonly object[], fields: readonly string[], mapper: EntityMapper) {
  const types = fields.map((f) => mapper.info.columns[mapper.info.columnIndex.get(f)!]!.type);
  const encoded = (o: object, i: number) => mapper.dialect.encode(types[i]!, (o as Record<string, unknown>)[fields[i]!]);
  const value = (o: object, i: number) => sb.param(encoded(o, i));
  if (link.length === 1) return inCondition(sb, link[0]!, types[0]!, objects.map((o) => encoded(o, 0)), false);
  return `(${objects.map((o) => `(${link.map((l, i) => `${l} = ${value(o, i)}`).join(" AND ")})`).join(" OR ")})`;
}

/** The grouping key of an object's link fields; null when any is null (nothing to find). */
function fieldKey(obj: object, fields: readonly string[]): unknown {
  const values = obj as Record<string, unknown>;
  if (fields.length === 1) {
    const v = values[fields[0]!];
    return v === null || v === undefined ? null : keyPart(v);
  }
  const parts: unknown[] = [];
  for (const f of fields) {
    const v = values[f];
    if (v === null || v === undefined) return null;
    parts.push(keyPart(v));
  }
  return parts.join("\u0001");
}

function rowKey(row: readonly unknown[], count: number, decoders: readonly (((raw: unknown) => unknown) | undefined)[]): unknown {
  if (count === 1) return linkPart(row[0], decoders[0]);
  const parts: unknown[] = [];
  for (let i = 0; i < count; i++) parts.push(linkPart(row[i], decoders[i]));
  return parts.join("\u0001");
}

function linkPart(raw: unknown, decode: ((raw: unknown) => unknown) | undefined): unknown {
  return keyPart(decode && raw !== null ? decode(raw) : raw);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** WHERE, ORDER BY and the page of the root query: what the root statement, `subquery` re-runs and projections append. */
export function rootTail(sb: SqlBuilder, root: RootSource, alias: string): string {
  const where = root.where(sb, alias);
  const order = root.orderBy(sb, alias);
  let tail = where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "";
  if (order) tail += ` ORDER BY ${order}`;
  if (root.limit !== undefined || root.offset !== undefined) {
    tail += root.mapper.dialect.limitOffset(root.limit, root.offset, (v) => sb.param(v));
  }
  return tail;
}
