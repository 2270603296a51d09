// A synthetic `.rel` schema of N entities for `npm run bench:scale` (issue 14).
// Entities come in groups of six that together use every relation kind of the
// spec; each group links to the one before it, so the schema is one connected
// graph (as a real company's is) rather than N/6 islands. The same N and seed
// always give the same text.
import { rng } from "../../packages/dsl/test/fuzz/rng.js";

/** The roles of one group, in declaration order; N entities are the first N roles over the groups. */
const ROLES = ["Account", "Profile", "Team", "Project", "Task", "Assignment"] as const;
type Role = (typeof ROLES)[number];

export const ROLES_PER_GROUP = ROLES.length;

/** A member line, kept only when every role it names exists in this (possibly partial) group. */
interface Line {
  readonly text: string;
  readonly needs?: readonly Role[];
}


export interface SyntheticOptions {
  readonly seed?: number;
}

/** The schema text for `entities` entities (the tables and enums they use come on top). */
export function syntheticSchema(entities: number, options: SyntheticOptions = {}): string {
  if (!Number.isInteger(entities) || entities < 1) throw new Error(`entities must be a positive integer, got ${entities}`);
  const rnd = rng(options.seed ?? 14);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const out: string[] = [`// Synthetic schema: ${entities} entities in groups of ${ROLES.length} (bench/scale/synthetic.ts).`, ""];
  const groups = Math.ceil(entities / ROLES.length);
  for (let g = 0; g < groups; g++) {
    const present = new Set<Role>(ROLES.slice(0, Math.min(ROLES.length, entities - g * ROLES.length)));
    const n = (role: Role) => `${role}${g}`;
    const has = (line: Line) => (line.needs ?? []).every((r) => present.has(r));
    const entity = (role: Role, doc: string | undefined, lines: readonly Line[]) => {
      if (!present.has(role)) return;
      if (doc !== undefined) out.push(`/// ${doc}`);
      out.push(`entity ${n(role)} {`, ...lines.filter(has).map((l) => `  ${l.text}`), "}", "");
    };
    const table = (name: string, lines: readonly Line[], needs: readonly Role[]) => {
      if (!needs.every((r) => present.has(r))) return;
      out.push(`table ${name} {`, ...lines.map((l) => `  ${l.text}`), "}", "");
    };
    const prev = g > 0 ? `Account${g - 1}` : undefined;

    out.push(`enum Stage${g} { ${pick(["Draft", "New", "Open"])} Active ${pick(["Archived", "Closed", "Done"])} }`, "");
    entity("Account", g % 3 === 0 ? `A member of group ${g}.` : undefined, [
      { text: "id        Int          @id @default(autoincrement())" },
      { text: `handle    String(${pick([40, 60, 80])})   @unique` },
      { text: "email     String(120)  @unique" },
      { text: `stage     Stage${g}      @default(Active)` },
      { text: "createdAt DateTime     @default(now())" },
      ...(prev === undefined ? [] : [{ text: `referrerId Int?        @index @references(${prev}.id) @onDelete(set-null)` }]),
      ...(prev === undefined ? [] : [{ text: `referrer  ${prev}?    @backref(referrals)` }]),
      { text: `profile   Profile${g}?   @backref(account) @lazy(joined) @cascade(all, delete-orphan)`, needs: ["Profile"] },
      { text: `following Account${g}[]  @through(follows${g}, from: followerId, to: followingId) @backref(followers)` },
    ]);
    table(`follows${g}`, [
      { text: `followerId  Int @id @references(Account${g}.id) @onDelete(cascade)` },
      { text: `followingId Int @id @references(Account${g}.id) @onDelete(cascade)` },
    ], ["Account"]);
    entity("Profile", undefined, [
      { text: "id        Int          @id @default(autoincrement())" },
      { text: "bio       Text?" },
      { text: "website   String(200)?" },
      { text: `settings  Json         @default("{}")` },
      { text: `accountId Int          @unique @references(Account${g}.id) @onDelete(cascade)` },
    ]);
    entity("Team", undefined, [
      { text: "id        Int          @id @default(autoincrement())" },
      { text: `name      String(100)  @unique` },
      { text: `budget    Decimal(12, 2)?` },
      { text: `size      Int          @default(${pick([1, 5, 10])})` },
      { text: `members   Account${g}[]  @through(members${g}) @backref(teams, lazy: dynamic)` },
    ]);
    table(`members${g}`, [
      { text: `accountId Int @id @references(Account${g}.id) @onDelete(cascade)` },
      { text: `teamId    Int @id @references(Team${g}.id) @onDelete(cascade)` },
    ], ["Account", "Team"]);
    entity("Project", g % 2 === 0 ? "Work owned by one account; sub-projects nest." : undefined, [
      { text: "id        Int          @id @default(autoincrement())" },
      { text: "title     String(200)" },
      { text: `stage     Stage${g}      @default(Active)` },
      { text: `ownerId   Int          @index @references(Account${g}.id) @onDelete(cascade)` },
      { text: `parentId  Int?         @references(Project${g}.id) @onDelete(cascade)` },
      { text: `owner     Account${g}    @backref(projects, cascade: [all, delete-orphan])` },
      { text: `children  Project${g}[]  @backref(parent) @lazy(dynamic) @cascade(all, delete-orphan) @orderBy(title)` },
      { text: `tasks     Task${g}[]     @inverse(project) @lazy(selectin)`, needs: ["Task"] },
    ]);
    entity("Task", undefined, [
      { text: "id        Int          @id @default(autoincrement())" },
      { text: "ref       Uuid         @unique @default(uuid())" },
      { text: "title     String(200)" },
      { text: `done      Boolean      @default(${pick(["false", "true"])})` },
      { text: `dueOn     Date?` },
      { text: `projectId Int          @references(Project${g}.id) @onDelete(cascade)` },
      { text: `project   Project${g}    @inverse(tasks)` },
      { text: `people    Account${g}[]  @through(Assignment${g}) @backref(tasks)`, needs: ["Assignment"] },
      { text: "@@index([projectId, done])" },
    ]);
    entity("Assignment", "Who works on a task, with the hours booked.", [
      { text: "id        Int          @id @default(autoincrement())" },
      { text: `accountId Int          @references(Account${g}.id) @onDelete(cascade)` },
      { text: `taskId    Int          @references(Task${g}.id) @onDelete(cascade)` },
      { text: `role      String(40)   @default("${pick(["member", "lead", "reviewer"])}")` },
      { text: "hours     Float        @default(0)" },
      { text: "account   Account" + g + "    @backref(assignments)" },
      { text: "task      Task" + g + "       @backref(assignments) @cascade(save-update, merge)" },
      { text: "@@unique([accountId, taskId])" },
    ]);
  }
  return out.join("\n");
}

/** A one-entity edit for bench:scale's rebuild: an optional column added to the last group's account. */
export function withOneEntityChanged(schema: string, entities: number, column = "nickname"): { readonly text: string; readonly change: string } {
  const entity = `Account${Math.ceil(entities / ROLES.length) - 1}`;
  const header = `entity ${entity} {\n`;
  const at = schema.indexOf(header);
  if (at < 0) throw new Error(`no entity ${entity} in the schema`);
  const end = at + header.length;
  return { text: `${schema.slice(0, end)}  ${column}  String(40)?\n${schema.slice(end)}`, change: `${entity}.${column} String(40)? added` };
}
