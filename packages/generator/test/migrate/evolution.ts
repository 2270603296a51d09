import type { SchemaIR } from "@relgen/dsl";
import type { Row } from "./cases.js";
import { compile, withRenames } from "./support.js";

/** One version of the evolving app: its schema, rows written once it is live, and how the step to it is made. */
export interface Version {
  readonly name: string;
  readonly ir: () => SchemaIR;
  readonly allowDataLoss?: boolean;
  /** New table name -> old, and per new table new column -> old, for comparing rows across the step. */
  readonly renamed?: { readonly tables?: Record<string, string>; readonly columns?: Record<string, Record<string, string>> };
  readonly rows: readonly Row[];
}

const source = (parts: {
  status?: string;
  user?: string;
  userName?: string;
  userRest?: string;
  post?: string;
  postRest?: string;
  onDelete?: string;
  tags?: boolean;
  postTags?: "table" | "entity";
}) => `
enum Status { ${parts.status ?? "draft published"} }

entity ${parts.user ?? "User"} {
  @@table("${parts.user === "Member" ? "members" : "users"}")
  id    Int         @id @default(autoincrement())
  ${parts.userName ?? "name"}  String(100)
  email String(120) @unique
${parts.userRest ?? "  age   Int?"}
  posts Post[]      @backref(author)
}

entity Post {
  @@table("posts")
  id       Int         @id @default(autoincrement())
  title    ${parts.post ?? "String(200)"}
  status   Status      @default(draft)
  authorId Int         @references(${parts.user ?? "User"}.id) @onDelete(${parts.onDelete ?? "cascade"})
${parts.postTags === undefined ? "" : `  tags     Tag[]       @through(${parts.postTags === "table" ? "post_tag" : "PostTag"}) @backref(posts)`}
${parts.postRest ?? ""}
}
${
  parts.tags
    ? `
entity Tag {
  @@table("tags")
  id    Int        @id @default(autoincrement())
  label String(40)
}
`
    : ""
}${
  parts.postTags === "table"
    ? `
table post_tag {
  postId Int @id @references(Post.id) @onDelete(cascade)
  tagId  Int @id @references(Tag.id) @onDelete(cascade)
}
`
    : parts.postTags === "entity"
      ? `
entity PostTag {
  @@table("post_tag")
  postId  Int      @id @references(Post.id) @onDelete(cascade)
  tagId   Int      @id @references(Tag.id) @onDelete(cascade)
  addedAt DateTime @default(now())
}
`
      : ""
}`;

const renamed = { user: "Member", userName: "fullName" } as const;

/** Ten steps, each one of the changes the issue lists, applied in order. */
export const VERSIONS: readonly Version[] = [
  {
    name: "v1: users and posts",
    ir: () => compile(source({})),
    rows: [
      ["users", { id: 1, name: "Ann", email: "ann@example.com", age: 30 }],
      ["users", { id: 2, name: "Bob", email: "bob@example.com", age: null }],
      ["posts", { id: 1, title: "Hello", status: "published", authorId: 1 }],
    ],
  },
  { name: "v2: add an entity (Tag)", ir: () => compile(source({ tags: true })), rows: [["tags", { id: 1, label: "news" }]] },
  {
    name: "v3: add a relation (posts <-> tags through post_tag)",
    ir: () => compile(source({ tags: true, postTags: "table" })),
    rows: [["post_tag", { postId: 1, tagId: 1 }]],
  },
  {
    name: "v4: rename a column (name -> fullName) and an entity (User -> Member, users -> members)",
    ir: () => withRenames(compile(source({ ...renamed, tags: true, postTags: "table" })), { tables: { members: "User" }, columns: { members: { fullName: "name" } } }),
    renamed: { tables: { members: "users" }, columns: { members: { fullName: "name" } } },
    rows: [["members", { id: 3, fullName: "Cy", email: "cy@example.com" }]],
  },
  {
    name: "v5: change a type (title String(200) -> Text)",
    ir: () => compile(source({ ...renamed, tags: true, postTags: "table", post: "Text" })),
    rows: [["posts", { id: 2, title: "A title longer than two hundred characters ".repeat(6), status: "draft", authorId: 3 }]],
  },
  {
    name: "v6: add enum members (review, archived)",
    ir: () => compile(source({ ...renamed, tags: true, postTags: "table", post: "Text", status: "draft review published archived" })),
    rows: [["posts", { id: 3, title: "Old", status: "archived", authorId: 1 }]],
  },
  {
    name: "v7: remove an enum member (review)",
    ir: () => compile(source({ ...renamed, tags: true, postTags: "table", post: "Text", status: "draft published archived" })),
    allowDataLoss: true,
    rows: [["posts", { id: 4, title: "Four", status: "draft", authorId: 2 }]],
  },
  {
    name: "v8: split the many-to-many into an association entity with a payload (PostTag.addedAt)",
    ir: () => compile(source({ ...renamed, tags: true, postTags: "entity", post: "Text", status: "draft published archived" })),
    rows: [["post_tag", { postId: 2, tagId: 1 }]],
  },
  {
    name: "v9: make a column NOT NULL with a default (age Int @default(0))",
    ir: () =>
      compile(source({ ...renamed, tags: true, postTags: "entity", post: "Text", status: "draft published archived", userRest: "  age   Int @default(0)" })),
    rows: [["members", { id: 4, fullName: "Dee", email: "dee@example.com" }]],
  },
  {
    name: "v10: drop a field with --allow-data-loss (age)",
    ir: () => compile(source({ ...renamed, tags: true, postTags: "entity", post: "Text", status: "draft published archived", userRest: "" })),
    allowDataLoss: true,
    rows: [["members", { id: 5, fullName: "Eve", email: "eve@example.com" }]],
  },
  {
    name: "v11: change an ON DELETE action (posts.authorId cascade -> restrict)",
    ir: () =>
      compile(
        source({ ...renamed, tags: true, postTags: "entity", post: "Text", status: "draft published archived", userRest: "", onDelete: "restrict" }),
      ),
    rows: [["tags", { id: 2, label: "misc" }]],
  },
];
