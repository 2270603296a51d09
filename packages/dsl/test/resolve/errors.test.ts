import { describe, expect, test } from "vitest";
import { compileFile } from "../../src/compile.js";
import { compile, diagnosticsOf, ID, locate } from "./helpers.js";

interface Case {
  readonly code: string;
  readonly src: string;
  /** Text the diagnostic's span must start at (its `nth` occurrence). */
  readonly at: string;
  readonly nth?: number;
  /** Something the message or help must say. */
  readonly says?: string;
}

const USER = `entity User { ${ID} }`;
const USER_POST = (post: string, user = "") => `entity User { ${ID}\n${user} }\nentity Post { ${ID}\n${post} }`;

const cases: Case[] = [
  // E03xx names
  { code: "E0301", src: `${USER}\nenum User { A }`, at: "User", nth: 2 },
  { code: "E0302", src: `entity User { ${ID}\n name String\n name Text }`, at: "name", nth: 2 },
  { code: "E0303", src: `enum Role { Admin User Admin }`, at: "Admin", nth: 2 },
  { code: "E0304", src: `${USER}\nentity Person { @@table("user")\n ${ID} }`, at: "Person" },
  { code: "E0305", src: `entity User { ${ID}\n name String\n login String @column("name") }`, at: "login" },
  { code: "E0306", src: `enum Role { }`, at: "Role", says: "at least one member" },
  // E04xx types
  { code: "E0401", src: `entity User { ${ID}\n name Strng }`, at: "Strng", says: "did you mean `String`?" },
  { code: "E0401", src: `entity User { ${ID}\n posts Posts[] }\nentity Post { ${ID} }`, at: "Posts", says: "did you mean `Post`?" },
  { code: "E0402", src: `${USER}\nentity G { ${ID}\n links user_groups[] }\ntable user_groups { a Int @id }`, at: "user_groups", says: "@through(user_groups)" },
  { code: "E0403", src: `${USER}\ntable t { a Int @id\n user User }`, at: "user User" },
  { code: "E0404", src: `entity User { ${ID}\n name String(0) }`, at: "String(0)" },
  { code: "E0405", src: `entity User { ${ID}\n price Decimal(2, 5) }`, at: "Decimal" },
  { code: "E0406", src: `entity User { ${ID}\n age Int(5) }`, at: "Int(5)" },
  { code: "E0407", src: `entity User { ${ID}\n tags String[] }`, at: "String[]", says: "Json" },
  { code: "E0408", src: USER_POST("userId Int @references(User)", "posts Post[]?"), at: "Post[]?" },
  // E05xx attributes
  { code: "E0501", src: `entity User { ${ID}\n name String @uniqe }`, at: "uniqe", says: "did you mean `@unique`?" },
  { code: "E0502", src: `entity User { ${ID}\n name String @backref(x) }`, at: "@backref", says: "relation field" },
  { code: "E0502", src: `table t { @@table("x")\n a Int @id }`, at: "@@table" },
  { code: "E0503", src: `entity User { ${ID}\n name String @column(5) }`, at: "@column", says: '@column("name")' },
  { code: "E0504", src: `entity User { ${ID}\n name String @unique @unique }`, at: "@unique", nth: 2 },
  { code: "E0505", src: `entity User { ${ID}\n age Int @default("x") }`, at: `"x"` },
  { code: "E0505", src: `entity User { ${ID}\n at DateTime @default(uuid()) }`, at: "uuid()" },
  { code: "E0505", src: `entity User { ${ID}\n role Role @default(Admn) }\nenum Role { Admin Member }`, at: "Admn", says: "did you mean `Admin`?" },
  { code: "E0506", src: `entity User { ${ID}\n n Int @onDelete(cascade) }`, at: "@onDelete" },
  { code: "E0507", src: USER_POST("userId Int @references(User) @onDelete(cascde)"), at: "cascde", says: "did you mean `cascade`?" },
  { code: "E0508", src: USER_POST("userId Int @references(User) @onDelete(set-null)"), at: "@onDelete", says: "`Int?`" },
  { code: "E0509", src: USER_POST("userId Int @references(User) @onUpdate(set-default)"), at: "@onUpdate" },
  { code: "E0510", src: `entity User { ${ID}\n name String\n @@index([nme]) }`, at: "nme", says: "did you mean `name`?" },
  { code: "E0511", src: USER_POST("userId Int @references(User)", "posts Post[] @lazy(selectinn)"), at: "selectinn", says: "did you mean `selectin`?" },
  { code: "E0512", src: USER_POST("userId Int @references(User)", "posts Post[] @cascade(all, delete-orphans)"), at: "delete-orphans", says: "did you mean `delete-orphan`?" },
  { code: "E0513", src: USER_POST("userId Int @references(Usr)"), at: "@references", says: "did you mean `User`?" },
  { code: "E0513", src: USER_POST("role Role @references(Role)") + "\nenum Role { A }", at: "@references", says: "an enum" },
  { code: "E0514", src: `entity Pair { a Int @id\n b Int @id }\nentity X { ${ID}\n pairA Int @references(Pair) }`, at: "@references(Pair)" },
  { code: "E0515", src: USER_POST("userId Int @references(User.idd)"), at: "@references", says: "did you mean `id`?" },
  { code: "E0516", src: USER_POST("userEmail String @references(User.email)", "email String"), at: "@references", says: "@unique" },
  { code: "E0517", src: USER_POST("userId String @references(User)"), at: "String @references", says: "change `Post.userId` to `Int`" },
  { code: "E0518", src: USER_POST("userId Int @references(Post.author)\n author User"), at: "@references" },
  { code: "E0519", src: USER_POST("userId Int @references(User)\n author User\n @@index([author])"), at: "author])" },
  { code: "E0520", src: `entity User { ${ID}\n name String @type("Name") }`, at: "@type", says: "make the column `Json`" },
  { code: "E0503", src: `entity User { ${ID}\n prefs Json @type(Prefs) }`, at: "@type", says: "from:" },
  { code: "E0503", src: `entity User { ${ID}\n prefs Json @type("Record<string, number>", from: "./t.js") }`, at: "@type" },
  { code: "E0503", src: `entity User { ${ID}\n prefs Json @type("Array<string") }`, at: "@type" },
  // E06xx keys
  { code: "E0601", src: `entity User { name String }`, at: "User", says: "`id Int @id @default(autoincrement())`" },
  { code: "E0602", src: `entity User { a Int @id\n b Int\n @@id([a, b]) }`, at: "@@id" },
  { code: "E0603", src: `entity User { id Int @id\n n Int @default(autoincrement()) }`, at: "n Int" },
  { code: "E0604", src: `entity User { ${ID}\n n Int @default(autoincrement()) }`, at: "n Int" },
  { code: "E0605", src: `entity User { id Int? @id }`, at: "Int?" },
  // E07xx relations
  { code: "E0701", src: `${USER}\nentity Post { ${ID}\n author User }`, at: "author", says: "`userId Int @references(User)`" },
  { code: "E0702", src: `entity User { ${ID}\n posts Post[] }\nentity Post { ${ID} }`, at: "posts", says: "add a field to `Post` such as `userId Int @references(User)`" },
  { code: "E0703", src: USER_POST("authorId Int @references(User)\n editorId Int @references(User)\n author User"), at: "author User", says: "`Post.authorId`, `Post.editorId`" },
  { code: "E0704", src: USER_POST("userId Int @references(User)\n author User @inverse(post)", "posts Post[] @inverse(author)"), at: "@inverse(post)", says: "did you mean `posts`?" },
  { code: "E0705", src: USER_POST("userId Int @references(User)\n author User @inverse(posts)", "posts Post[]"), at: "@inverse(posts)", says: "add `@inverse(author)` to `User.posts`" },
  { code: "E0706", src: USER_POST("authorId Int @references(User)\n editorId Int? @references(User)\n author User @fk(authorId) @inverse(posts)", "posts Post[] @fk(editorId) @inverse(author)"), at: "@inverse(author)" },
  { code: "E0707", src: USER_POST("userId Int @references(User)\n author User @backref(id)"), at: "@backref" },
  { code: "E0708", src: USER_POST("userId Int @references(User)\n author User @fk(title)\n title String"), at: "title)" },
  { code: "E0709", src: USER_POST("userId Int @references(User)\n author User @lazy(dynamic)"), at: "@lazy" },
  { code: "E0710", src: USER_POST("userId Int? @references(User)\n author User"), at: "User }", says: "either write `User?`, or make `Post.userId` NOT NULL" },
  { code: "E0710", src: USER_POST("userId Int @references(User)\n author User?"), at: "User?", says: "make `Post.userId` nullable" },
  { code: "E0711", src: `entity User { ${ID}\n profile Profile }\nentity Profile { ${ID}\n userId Int @unique @references(User) }`, at: "Profile }" },
  { code: "E0712", src: `entity User { ${ID}\n groups Group[] @through(user_group) }\nentity Group { ${ID} }\ntable user_groups { u Int @id }`, at: "@through", says: "did you mean `user_groups`?" },
  { code: "E0713", src: `entity User { ${ID}\n following User[] @through(follows) }\ntable follows { a Int @id @references(User)\n b Int @id @references(User) }`, at: "@through", says: "from:" },
  { code: "E0713", src: `entity User { ${ID}\n groups Group[] @through(ug) }\nentity Group { ${ID} }\ntable ug { u Int @id @references(User)\n g Int @id }`, at: "@through", says: "add a field to `ug` such as `groupId Int @references(Group)`" },
  { code: "E0714", src: `entity User { ${ID}\n following User[] @through(follows, from: c, to: b) }\ntable follows { a Int @id @references(User)\n b Int @id @references(User)\n c Int }`, at: "c, to" },
  { code: "E0715", src: `entity User { ${ID}\n group Group @through(ug) }\nentity Group { ${ID} }\ntable ug { u Int @id @references(User)\n g Int @id @references(Group) }`, at: "@through" },
  { code: "E0716", src: `entity User { ${ID}\n groups Group[] @through(ug) @cascade(all, delete-orphan) }\nentity Group { ${ID} }\ntable ug { u Int @id @references(User)\n g Int @id @references(Group) }`, at: "@cascade", says: "a many-to-many" },
  { code: "E0716", src: USER_POST("userId Int @references(User)\n author User @cascade(delete-orphan)"), at: "@cascade", says: "the many side" },
  { code: "E0724", src: `entity Pet { ${ID}\n vets Vet[] @through(Visit) @cascade(save-update) }\nentity Vet { ${ID} }\nentity Visit { ${ID}\n petId Int @references(Pet)\n vetId Int @references(Vet) }`, at: "@cascade", says: "association entity `Visit`" },
  { code: "E0717", src: USER_POST("userId Int @references(User)\n author User @passiveDeletes"), at: "@passiveDeletes" },
  { code: "E0718", src: USER_POST("userId Int @references(User)\n author User @orderBy(id)"), at: "@orderBy" },
  { code: "E0719", src: USER_POST("userId Int @references(User)\n title String", "posts Post[] @orderBy(tite)"), at: "tite)", says: "did you mean `title`?" },
  { code: "E0720", src: USER_POST("userId Int @references(User)\n author User @inverse(posts)", "posts Post[] @inverse(author) @backref(writer)"), at: "@inverse(author)" },
  { code: "E0721", src: USER_POST("userId Int @references(User)\n author User @fk(userId, id)"), at: "@fk" },
  { code: "E0722", src: `entity User { ${ID}\n groups Group[] @through(ug) @fk(u) }\nentity Group { ${ID} }\ntable ug { u Int @id @references(User)\n g Int @id @references(Group) }`, at: "u) }" },
  { code: "E0723", src: USER_POST("userId Int @references(User)\n author User @backref(posts, order: id)"), at: "order" },
  // E08xx are in rules.test.ts
];

describe("every error: code, location and a fix", () => {
  test.each(cases.map((c, i) => [`${c.code} #${i}`, c] as const))("%s", (_name, c) => {
    const result = compile(c.src);
    const found = diagnosticsOf(result, c.code);
    const where = locate(c.src, c.at, c.nth);
    const d = found.find((x) => x.span.line === where.line && x.span.column === where.column);
    expect(d, `${c.code} at ${where.line}:${where.column}; got ${found.map((x) => `${x.span.line}:${x.span.column} ${x.message}`).join(" | ")}`).toBeDefined();
    expect(d!.severity).toBe("error");
    expect(d!.help).toBeTruthy();
    if (c.says) expect(`${d!.message} ${d!.help}`).toContain(c.says);
    expect(result.ir).toBeUndefined();
  });
});

describe("warnings keep the IR", () => {
  test("W0701: a one-to-one whose foreign key is not unique", () => {
    const src = `entity User { ${ID}\n profile Profile? @inverse(user) }\nentity Profile { ${ID}\n userId Int @references(User)\n user User @inverse(profile) }`;
    const result = compile(src);
    const [d] = diagnosticsOf(result, "W0701");
    expect(d!.severity).toBe("warning");
    expect(d!.span).toMatchObject(locate(src, "profile Profile?"));
    expect(d!.help).toBe("add `@unique` to `Profile.userId`");
    expect(result.ir).toBeDefined();
  });

  test("W0702: @passiveDeletes without ON DELETE CASCADE", () => {
    const src = USER_POST("userId Int @references(User)", "posts Post[] @backref(author) @cascade(all) @passiveDeletes");
    const result = compile(src);
    const [d] = diagnosticsOf(result, "W0702");
    expect(d!.span).toMatchObject(locate(src, "@passiveDeletes"));
    expect(d!.help).toContain("@onDelete(cascade)");
    expect(result.ir?.entities[0]?.relations[0]?.passiveDeletes).toBe(true);
  });
});

describe("stages stop after the first that fails", () => {
  test("syntax errors are reported alone", () => {
    const result = compile(`entity User { id Int @id\n name Strng\n posts Post[] @@ }`);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((d) => d.code.startsWith("E01"))).toBe(true);
  });

  test("a name error is not followed by errors in what depends on it", () => {
    const result = compile(`${USER}\n${USER}\nentity X { ${ID}\n userId Int @references(User)\n user User }`);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["E0301"]);
  });

  test("a name error does not hide a type error in an unrelated entity", () => {
    const result = compile(`${USER}\n${USER}\nentity X { ${ID}\n y Nope }`);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["E0301", "E0401"]);
  });

  test("every error of the failing pass is reported, sorted by position", () => {
    const result = compile(`entity User { ${ID}\n a Strng\n b Txt }`);
    expect(result.diagnostics.map((d) => [d.code, d.span.line])).toEqual([["E0401", 2], ["E0401", 3]]);
  });

  test("E0899: an unexpected exception becomes an internal error, never a throw", () => {
    const host = { readFile: () => { throw new Error("disk on fire"); }, resolve: (_f: string, s: string) => s };
    const result = compileFile("x.rel", host);
    expect(result.diagnostics).toMatchObject([{ code: "E0899", severity: "error" }]);
    expect(result.diagnostics[0]!.message).toContain("disk on fire");
    expect(result.ir).toBeUndefined();
  });
});
