import type { SchemaIR } from "@relgen/dsl";
import { compile, withRenames } from "./support.js";

/** A row to write with `?` parameters: table, then column -> value. */
export type Row = readonly [table: string, values: Record<string, unknown>];

/**
 * One schema change to run on every engine: the schema before and after,
 * rows written before it, what must hold after the up (rows kept, the new
 * shape usable), and whether data loss is consented to.
 */
export interface EvolutionCase {
  readonly name: string;
  readonly before: () => SchemaIR;
  readonly after: () => SchemaIR;
  readonly allowDataLoss?: boolean;
  readonly seed: readonly Row[];
  /** Queries (with `q` quoting identifiers) and the rows they must return after the up. */
  readonly expectAfterUp: (q: (n: string) => string) => readonly (readonly [sql: string, rows: Record<string, unknown>[]])[];
  /** Rows the new schema accepts (using what the change added). */
  readonly newRows: readonly Row[];
  /** The down cannot give the data back: it must be refused, not run. */
  readonly irreversible?: boolean;
}

export const BASE = `
enum Status { draft published archived }

entity User {
  @@table("users")

  id    Int         @id @default(autoincrement())
  name  String(100)
  email String(120) @unique
  age   Int?
  posts Post[]      @backref(author)
}

entity Post {
  @@table("posts")

  id       Int         @id @default(autoincrement())
  title    String(200)
  status   Status      @default(draft)
  authorId Int         @references(User.id) @onDelete(cascade)
}
`;

export const BASE_ROWS: readonly Row[] = [
  ["users", { id: 1, name: "Ann", email: "ann@example.com", age: 30 }],
  ["users", { id: 2, name: "Bob", email: "bob@example.com", age: null }],
  ["posts", { id: 1, title: "Hello", status: "published", authorId: 1 }],
  ["posts", { id: 2, title: "Draft", status: "draft", authorId: 2 }],
];

const edit = (source: string, ...pairs: [string, string][]) =>
  pairs.reduce((s, [from, to]) => {
    if (!s.includes(from)) throw new Error(`test schema edit: "${from}" not found`);
    return s.replace(from, to);
  }, source);

const STUDENTS = `
entity Student {
  @@table("students")
  id      Int         @id @default(autoincrement())
  name    String(100)
  courses Course[]    @through(student_course) @backref(students)
}

entity Course {
  @@table("courses")
  id   Int         @id @default(autoincrement())
  name String(100)
}

table student_course {
  studentId Int @id @references(Student.id) @onDelete(cascade)
  courseId  Int @id @references(Course.id) @onDelete(cascade)
}
`;

const CYCLE = `
entity Department {
  @@table("departments")
  id        Int         @id @default(autoincrement())
  name      String(100) @unique
  headId    Int?        @references(Employee.id) @onDelete(set-null)
  head      Employee?   @backref(headOf)
  employees Employee[]  @backref(department)
}

entity Employee {
  @@table("employees")
  id           Int         @id @default(autoincrement())
  name         String(100)
  departmentId Int         @references(Department.id)
}
`;

const MEMBERSHIP = `
entity User {
  @@table("users")
  id   Int         @id @default(autoincrement())
  name String(100)
}

table membership {
  userId    Int        @id @references(User.id) @onDelete(cascade)
  groupName String(50) @id
}
`;

export const CASES: readonly EvolutionCase[] = [
  {
    name: "columns: add, widen, NOT NULL with a default, enum member added, ON DELETE changed",
    before: () => compile(BASE),
    after: () =>
      compile(
        edit(
          BASE,
          ["age   Int?", "age   BigInt @default(0)\n  nickname String(40)?"],
          ["archived }", "archived hidden }"],
          ["authorId Int         @references(User.id) @onDelete(cascade)", "authorId Int?        @references(User.id) @onDelete(set-null)"],
        ),
      ),
    seed: BASE_ROWS,
    expectAfterUp: (q) => [
      [`SELECT ${q("id")}, ${q("age")}, ${q("nickname")} FROM ${q("users")} ORDER BY ${q("id")}`, [
        { id: 1, age: 30, nickname: null },
        { id: 2, age: 0, nickname: null },
      ]],
      [`SELECT ${q("id")}, ${q("title")}, ${q("status")}, ${q("authorId")} FROM ${q("posts")} ORDER BY ${q("id")}`, [
        { id: 1, title: "Hello", status: "published", authorId: 1 },
        { id: 2, title: "Draft", status: "draft", authorId: 2 },
      ]],
    ],
    newRows: [
      ["users", { id: 3, name: "Cy", email: "cy@example.com", nickname: "cy" }],
      ["posts", { id: 3, title: "Hidden", status: "hidden", authorId: null }],
    ],
  },
  {
    name: "renames: entity User -> Member (table users -> members), field name -> fullName",
    before: () => compile(BASE),
    after: () =>
      withRenames(
        compile(
          edit(
            BASE,
            ["entity User {\n  @@table(\"users\")", "entity Member {\n  @@table(\"members\")"],
            ["name  String(100)", "fullName String(100)"],
            ["@references(User.id)", "@references(Member.id)"],
          ),
        ),
        { tables: { members: "User" }, columns: { members: { fullName: "name" } } },
      ),
    seed: BASE_ROWS,
    expectAfterUp: (q) => [
      [`SELECT ${q("id")}, ${q("fullName")} FROM ${q("members")} ORDER BY ${q("id")}`, [
        { id: 1, fullName: "Ann" },
        { id: 2, fullName: "Bob" },
      ]],
      [`SELECT ${q("id")}, ${q("authorId")} FROM ${q("posts")} ORDER BY ${q("id")}`, [
        { id: 1, authorId: 1 },
        { id: 2, authorId: 2 },
      ]],
    ],
    newRows: [
      ["members", { id: 3, fullName: "Cy", email: "cy@example.com" }],
      ["posts", { id: 3, title: "New", authorId: 3 }],
    ],
  },
  {
    name: "keys: add an entity with a relation, a composite unique and an index; an enum member removed",
    before: () => compile(BASE),
    after: () =>
      compile(
        edit(
          BASE,
          ["draft published archived }", "draft published }"],
          ["authorId Int         @references(User.id) @onDelete(cascade)\n", "authorId Int         @references(User.id) @onDelete(cascade)\n\n  @@unique([authorId, title])\n  @@index([status])\n"],
        ) +
          `
entity Tag {
  @@table("tags")
  id     Int        @id @default(autoincrement())
  label  String(40)
  postId Int        @references(Post.id) @onDelete(cascade)
}
`,
      ),
    allowDataLoss: true,
    seed: BASE_ROWS,
    expectAfterUp: (q) => [
      [`SELECT ${q("id")}, ${q("status")} FROM ${q("posts")} ORDER BY ${q("id")}`, [
        { id: 1, status: "published" },
        { id: 2, status: "draft" },
      ]],
    ],
    newRows: [["tags", { id: 1, label: "news", postId: 1 }]],
  },
  {
    name: "association table becomes an association entity with a payload",
    before: () => compile(STUDENTS),
    after: () =>
      compile(
        edit(
          STUDENTS,
          ["@through(student_course)", "@through(StudentCourse)"],
          ["table student_course {", "entity StudentCourse {\n  @@table(\"student_course\")"],
          ["courseId  Int @id @references(Course.id) @onDelete(cascade)", "courseId  Int @id @references(Course.id) @onDelete(cascade)\n  grade     String(2)?"],
        ),
      ),
    seed: [
      ["students", { id: 1, name: "Ann" }],
      ["courses", { id: 1, name: "Maths" }],
      ["courses", { id: 2, name: "Art" }],
      ["student_course", { studentId: 1, courseId: 1 }],
      ["student_course", { studentId: 1, courseId: 2 }],
    ],
    expectAfterUp: (q) => [
      [`SELECT ${q("studentId")}, ${q("courseId")}, ${q("grade")} FROM ${q("student_course")} ORDER BY ${q("courseId")}`, [
        { studentId: 1, courseId: 1, grade: null },
        { studentId: 1, courseId: 2, grade: null },
      ]],
    ],
    newRows: [
      ["courses", { id: 3, name: "Music" }],
      ["student_course", { studentId: 1, courseId: 3, grade: "A" }],
    ],
  },
  {
    name: "composite primary key grows by a column with a default",
    before: () => compile(MEMBERSHIP),
    after: () => compile(edit(MEMBERSHIP, ["groupName String(50) @id", "groupName String(50) @id\n  role      String(20) @id @default(\"member\")"])),
    seed: [
      ["users", { id: 1, name: "Ann" }],
      ["membership", { userId: 1, groupName: "admins" }],
    ],
    expectAfterUp: (q) => [
      [`SELECT ${q("userId")}, ${q("groupName")}, ${q("role")} FROM ${q("membership")}`, [{ userId: 1, groupName: "admins", role: "member" }]],
    ],
    newRows: [["membership", { userId: 1, groupName: "admins", role: "owner" }]],
  },
  {
    name: "a column dropped and a string narrowed, with --allow-data-loss",
    before: () => compile(BASE),
    after: () => compile(edit(BASE, ["  age   Int?\n", ""], ["title    String(200)", "title    String(100)"])),
    allowDataLoss: true,
    irreversible: true,
    seed: BASE_ROWS,
    expectAfterUp: (q) => [
      [`SELECT ${q("id")}, ${q("name")} FROM ${q("users")} ORDER BY ${q("id")}`, [
        { id: 1, name: "Ann" },
        { id: 2, name: "Bob" },
      ]],
      [`SELECT ${q("id")}, ${q("title")} FROM ${q("posts")} ORDER BY ${q("id")}`, [
        { id: 1, title: "Hello" },
        { id: 2, title: "Draft" },
      ]],
    ],
    newRows: [["users", { id: 3, name: "Cy", email: "cy@example.com" }]],
  },
  {
    name: "an entity dropped, with --allow-data-loss",
    before: () => compile(BASE),
    after: () => compile(edit(BASE, ["  posts Post[]      @backref(author)\n", ""]).replace(/entity Post \{[\s\S]*$/, "")),
    allowDataLoss: true,
    irreversible: true,
    seed: BASE_ROWS,
    expectAfterUp: (q) => [
      [`SELECT ${q("id")} FROM ${q("users")} ORDER BY ${q("id")}`, [{ id: 1 }, { id: 2 }]],
    ],
    newRows: [["users", { id: 3, name: "Cy", email: "cy@example.com" }]],
  },
  {
    name: "a composite index replaces a foreign key's own index (MySQL re-adds the key around the drop)",
    before: () => compile(BASE),
    after: () =>
      compile(
        edit(BASE, [
          "authorId Int         @references(User.id) @onDelete(cascade)\n",
          "authorId Int         @references(User.id) @onDelete(cascade)\n\n  @@index([authorId, title])\n",
        ]),
      ),
    seed: BASE_ROWS,
    expectAfterUp: (q) => [
      [`SELECT ${q("id")}, ${q("authorId")} FROM ${q("posts")} ORDER BY ${q("id")}`, [
        { id: 1, authorId: 1 },
        { id: 2, authorId: 2 },
      ]],
    ],
    newRows: [["posts", { id: 3, title: "More", authorId: 1 }]],
  },
  {
    name: "types and defaults: a new enum column with a default, Int -> Float, a default added to a column made optional, a self-reference",
    before: () => compile(BASE),
    after: () =>
      compile(
        edit(
          BASE,
          ["enum Status {", "enum Role { reader writer }\n\nenum Status {"],
          ["age   Int?", "age   Float?\n  role  Role @default(reader)\n  managerId Int? @references(User.id) @onDelete(set-null)"],
          ["name  String(100)", "name  String(100)? @default(\"anon\")"],
        ),
      ),
    seed: BASE_ROWS,
    expectAfterUp: (q) => [
      [`SELECT ${q("id")}, ${q("name")}, ${q("role")}, ${q("managerId")} FROM ${q("users")} ORDER BY ${q("id")}`, [
        { id: 1, name: "Ann", role: "reader", managerId: null },
        { id: 2, name: "Bob", role: "reader", managerId: null },
      ]],
    ],
    newRows: [
      ["users", { id: 3, email: "cy@example.com", age: 1.5, role: "writer", managerId: 1 }],
      ["users", { id: 4, name: null, email: "dee@example.com", managerId: 3 }],
    ],
  },
  {
    name: "an enum member added and made the default in one migration (PostgreSQL replaces the type)",
    before: () => compile(BASE),
    after: () => compile(edit(BASE, ["draft published archived }", "draft review published archived }"], ["@default(draft)", "@default(review)"])),
    seed: BASE_ROWS,
    expectAfterUp: (q) => [
      [`SELECT ${q("id")}, ${q("status")} FROM ${q("posts")} ORDER BY ${q("id")}`, [
        { id: 1, status: "published" },
        { id: 2, status: "draft" },
      ]],
    ],
    newRows: [["posts", { id: 3, title: "Next", authorId: 1 }]],
  },
  {
    name: "a referenced primary-key column renamed (users.id -> userId)",
    before: () => compile(BASE),
    after: () =>
      withRenames(compile(edit(BASE, ["id    Int         @id", "userId Int        @id"], ["@references(User.id)", "@references(User.userId)"])), {
        columns: { users: { userId: "id" } },
      }),
    seed: BASE_ROWS,
    expectAfterUp: (q) => [
      [`SELECT ${q("userId")}, ${q("name")} FROM ${q("users")} ORDER BY ${q("userId")}`, [
        { userId: 1, name: "Ann" },
        { userId: 2, name: "Bob" },
      ]],
    ],
    newRows: [
      ["users", { userId: 3, name: "Cy", email: "cy@example.com" }],
      ["posts", { id: 3, title: "Mine", authorId: 3 }],
    ],
  },
  {
    name: "two tables that reference each other added (the cycle's key is added after both exist), then dropped",
    before: () => compile(BASE),
    after: () => compile(`${BASE}\n${CYCLE}`),
    seed: BASE_ROWS,
    expectAfterUp: (q) => [[`SELECT ${q("id")} FROM ${q("users")} ORDER BY ${q("id")}`, [{ id: 1 }, { id: 2 }]]],
    newRows: [
      ["departments", { id: 1, name: "R&D" }],
      ["employees", { id: 1, name: "Ann", departmentId: 1 }],
    ],
  },
  {
    name: "a primary key widened Int -> BigInt with the column that references it",
    before: () => compile(BASE),
    after: () => compile(edit(BASE, ["id    Int         @id", "id    BigInt      @id"], ["authorId Int ", "authorId BigInt "])),
    seed: BASE_ROWS,
    expectAfterUp: (q) => [
      [`SELECT ${q("id")}, ${q("authorId")} FROM ${q("posts")} ORDER BY ${q("id")}`, [
        { id: 1, authorId: 1 },
        { id: 2, authorId: 2 },
      ]],
    ],
    newRows: [
      ["users", { id: 5000000000, name: "Big", email: "big@example.com" }],
      ["posts", { id: 3, title: "Big", authorId: 5000000000 }],
    ],
  },
  {
    name: "a string column becomes an enum that gains a member in the same migration",
    before: () => compile(edit(BASE, ["title    String(200)", "title    String(200)\n  label    String(20)?"])),
    after: () => compile(edit(BASE, ["title    String(200)", "title    String(200)\n  label    Status?"], ["archived }", "archived hidden }"])),
    allowDataLoss: true,
    irreversible: true,
    seed: [
      ...BASE_ROWS.slice(0, 2),
      ["posts", { id: 1, title: "Hello", status: "published", authorId: 1, label: "hidden" }],
      ["posts", { id: 2, title: "Draft", status: "draft", authorId: 2, label: null }],
    ],
    expectAfterUp: (q) => [
      [`SELECT ${q("id")}, ${q("label")} FROM ${q("posts")} ORDER BY ${q("id")}`, [
        { id: 1, label: "hidden" },
        { id: 2, label: null },
      ]],
    ],
    newRows: [["posts", { id: 3, title: "New", authorId: 1, label: "archived" }]],
  },
  {
    name: "an enum column with a default and a text column added to a table that has rows",
    before: () => compile(BASE),
    after: () => compile(edit(BASE, ["title    String(200)", "title    String(200)\n  mood     Status @default(published)\n  body     Text?"])),
    seed: BASE_ROWS,
    expectAfterUp: (q) => [
      [`SELECT ${q("id")}, ${q("mood")}, ${q("body")} FROM ${q("posts")} ORDER BY ${q("id")}`, [
        { id: 1, mood: "published", body: null },
        { id: 2, mood: "published", body: null },
      ]],
    ],
    newRows: [["posts", { id: 3, title: "New", authorId: 1, mood: "archived", body: "text" }]],
  },
  {
    name: "optional timestamp and uuid columns made NOT NULL with now() and uuid() defaults (NULLs backfilled)",
    before: () => compile(edit(BASE, ["title    String(200)", "title    String(200)\n  seenAt   DateTime?\n  ref      Uuid?"])),
    after: () => compile(edit(BASE, ["title    String(200)", "title    String(200)\n  seenAt   DateTime @default(now())\n  ref      Uuid @default(uuid())"])),
    seed: BASE_ROWS,
    expectAfterUp: (q) => [
      [`SELECT ${q("id")} FROM ${q("posts")} WHERE ${q("seenAt")} IS NOT NULL AND ${q("ref")} IS NOT NULL ORDER BY ${q("id")}`, [{ id: 1 }, { id: 2 }]],
      [`SELECT COUNT(DISTINCT ${q("ref")}) AS n FROM ${q("posts")}`, [{ n: 2 }]],
    ],
    newRows: [["posts", { id: 3, title: "New", authorId: 1 }]],
  },
];
