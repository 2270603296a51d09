import { describe, expect, test } from "vitest";
import { compile, compileOk, ID, relation, table } from "./helpers.js";

// The scenarios of the seed tutorials (/work/shared/seeds), written in .rel.

describe("blog: blogs → posts → comments with cascades", () => {
  const ir = compileOk(`
    entity Blog {
      ${ID}
      name  String(100)
      posts Post[] @backref(blog) @cascade(all, delete-orphan) @passiveDeletes @lazy(selectin)
    }
    entity Post {
      ${ID}
      title    String(200)
      blogId   Int @references(Blog) @onDelete(cascade)
      comments Comment[] @backref(post) @cascade(all, delete-orphan) @lazy(dynamic) @orderBy(id)
    }
    entity Comment {
      ${ID}
      body   Text
      postId Int? @references(Post)
    }`);

  test("one-to-many with passive deletes and a dynamic collection", () => {
    expect(relation(ir, "Blog", "posts")).toMatchObject({ kind: "one-to-many", passiveDeletes: true, lazy: "selectin" });
    expect(relation(ir, "Post", "comments")).toMatchObject({ lazy: "dynamic", orderBy: [{ field: "id", direction: "asc" }] });
  });

  test("backref cardinality follows the foreign key's nullability", () => {
    expect(relation(ir, "Post", "blog")).toMatchObject({ kind: "many-to-one", cardinality: "one", fromBackref: true });
    expect(relation(ir, "Comment", "post")).toMatchObject({ kind: "many-to-one", cardinality: "optional" });
  });

  test("foreign-key columns get indexes", () => {
    expect(table(ir, "post").indexes).toEqual([{ name: "post_blogId_idx", columns: ["blogId"], origin: "foreign-key" }]);
    expect(table(ir, "comment").indexes).toEqual([{ name: "comment_postId_idx", columns: ["postId"], origin: "foreign-key" }]);
  });
});

test("departments and employees: the many-to-one declared on the child", () => {
  const ir = compileOk(`
    entity Department { ${ID}
      name String(100) @unique }
    entity Employee {
      ${ID}
      name         String(100)
      departmentId Int? @references(Department) @onDelete(set-null)
      department   Department? @backref(employees, lazy: joined, cascade: [save-update])
    }`);
  expect(relation(ir, "Employee", "department")).toMatchObject({ kind: "many-to-one", cardinality: "optional", foreignKeySide: "self", inverse: "employees" });
  expect(relation(ir, "Department", "employees")).toMatchObject({
    kind: "one-to-many", cardinality: "many", lazy: "joined", cascade: ["save-update"], fromBackref: true, inverse: "department",
  });
  expect(table(ir, "employee").foreignKeys[0]).toMatchObject({ onDelete: "set-null", targetTable: "department" });
});

test("user and profile: a one-to-one created with @backref", () => {
  const ir = compileOk(`
    entity User { ${ID}
      profile Profile? @backref(user) @cascade(all, delete-orphan) }
    entity Profile { ${ID}
      bio    Text?
      userId Int @unique @references(User) }`);
  expect(relation(ir, "User", "profile")).toMatchObject({ kind: "one-to-one", foreignKeySide: "target", cardinality: "optional" });
  expect(relation(ir, "Profile", "user")).toMatchObject({ kind: "one-to-one", foreignKeySide: "self", cardinality: "one", fromBackref: true });
});

describe("students and courses", () => {
  test("many-to-many through a plain table", () => {
    const ir = compileOk(`
      entity Student { ${ID}
        name String(100)
        courses Course[] @through(student_course) @backref(students, lazy: dynamic) }
      entity Course { ${ID}
        title String(100) }
      table student_course {
        studentId Int @id @references(Student)
        courseId  Int @id @references(Course)
      }`);
    expect(relation(ir, "Student", "courses")).toMatchObject({
      kind: "many-to-many", viewOnly: false, through: { table: "student_course", sourceColumns: ["studentId"], targetColumns: ["courseId"] },
    });
    expect(relation(ir, "Course", "students")).toMatchObject({ kind: "many-to-many", lazy: "dynamic", through: { sourceColumns: ["courseId"] } });
  });

  test("enrollments as an association object with grade and date", () => {
    const ir = compileOk(`
      entity Student { ${ID}
        courses Course[] @through(Enrollment) }
      entity Course { ${ID} }
      entity Enrollment {
        studentId  Int @id @references(Student) @onDelete(cascade)
        courseId   Int @id @references(Course) @onDelete(cascade)
        grade      String(2)?
        enrolledAt Date @default(now())
        student    Student @backref(enrollments) @lazy(joined)
        course     Course  @backref(enrollments)
      }`);
    expect(table(ir, "enrollment").primaryKey).toEqual(["studentId", "courseId"]);
    expect(relation(ir, "Enrollment", "student")).toMatchObject({ kind: "many-to-one", lazy: "joined", inverse: "enrollments" });
    expect(relation(ir, "Student", "enrollments")).toMatchObject({ kind: "one-to-many", fromBackref: true, remoteColumns: ["studentId"] });
    expect(relation(ir, "Course", "enrollments")).toMatchObject({ kind: "one-to-many", remoteColumns: ["courseId"] });
    expect(relation(ir, "Student", "courses")).toMatchObject({
      kind: "many-to-many", viewOnly: true, through: { table: "enrollment", entity: "Enrollment", sourceColumns: ["studentId"], targetColumns: ["courseId"] },
    });
  });
});

describe("self-referential", () => {
  test("employees and managers: adjacency list, remote side is the key", () => {
    const ir = compileOk(`
      entity Employee { ${ID}
        name      String(100)
        managerId Int? @references(Employee)
        manager   Employee? @backref(reports) }`);
    expect(relation(ir, "Employee", "manager")).toMatchObject({
      kind: "many-to-one", selfReferential: true, foreignKeySide: "self", localColumns: ["managerId"], remoteColumns: ["id"],
    });
    expect(relation(ir, "Employee", "reports")).toMatchObject({
      kind: "one-to-many", selfReferential: true, cardinality: "many", localColumns: ["id"], remoteColumns: ["managerId"],
    });
    expect(table(ir, "employee").foreignKeys[0]?.deferred).toBe(false);
  });

  test("comments and replies, declared from the parent with @inverse", () => {
    const ir = compileOk(`
      entity Comment { ${ID}
        body     Text
        parentId Int? @references(Comment)
        parent   Comment?  @inverse(replies)
        replies  Comment[] @inverse(parent) @cascade(all, delete-orphan) }`);
    expect(relation(ir, "Comment", "replies")).toMatchObject({ kind: "one-to-many", inverse: "parent", remoteColumns: ["parentId"] });
    expect(relation(ir, "Comment", "parent")).toMatchObject({ kind: "many-to-one", inverse: "replies" });
  });

  test("followers: self many-to-many with from:/to:", () => {
    const ir = compileOk(`
      entity User { ${ID}
        username  String(80) @unique
        following User[] @through(user_follows, from: followerId, to: followingId) @backref(followers) }
      table user_follows {
        followerId  Int @id @references(User) @onDelete(cascade)
        followingId Int @id @references(User) @onDelete(cascade)
      }`);
    expect(relation(ir, "User", "following")).toMatchObject({
      kind: "many-to-many", selfReferential: true, through: { sourceColumns: ["followerId"], targetColumns: ["followingId"] },
    });
    expect(relation(ir, "User", "followers")).toMatchObject({
      kind: "many-to-many", fromBackref: true, through: { sourceColumns: ["followingId"], targetColumns: ["followerId"] },
    });
  });
});

test("pet clinic: owners, pets, vets, appointments; pet.vets is view-only", () => {
  const ir = compileOk(`
    entity Owner { ${ID}
      name  String(100)
      phone String(20)?
      pets  Pet[] @inverse(owner) @cascade(all, delete-orphan) }
    entity Pet { ${ID}
      name         String(100)
      species      String(50)
      ownerId      Int @references(Owner)
      owner        Owner @inverse(pets)
      appointments Appointment[] @inverse(pet)
      vets         Vet[] @through(Appointment, from: petId, to: veterinarianId) @backref(pets) }
    entity Vet { ${ID}
      name String(100)
      specialty String(100)? }
    entity Appointment { ${ID}
      date           Date
      reason         Text?
      status         Status @default(Scheduled)
      petId          Int @references(Pet)
      veterinarianId Int @references(Vet)
      pet            Pet @inverse(appointments)
      vet            Vet @backref(appointments) }
    enum Status { Scheduled Completed Cancelled }`);
  expect(relation(ir, "Owner", "pets")).toMatchObject({ kind: "one-to-many", inverse: "owner" });
  expect(relation(ir, "Pet", "appointments")).toMatchObject({ kind: "one-to-many", remoteColumns: ["petId"] });
  expect(relation(ir, "Vet", "appointments")).toMatchObject({ kind: "one-to-many", fromBackref: true, remoteColumns: ["veterinarianId"] });
  expect(relation(ir, "Pet", "vets")).toMatchObject({ kind: "many-to-many", viewOnly: true, cascade: [], through: { entity: "Appointment", table: "appointment" } });
  expect(relation(ir, "Vet", "pets")).toMatchObject({ kind: "many-to-many", viewOnly: true, cascade: [], fromBackref: true, through: { sourceColumns: ["veterinarianId"] } });
  expect(ir.tables.map((t) => t.name)).toEqual(["owner", "pet", "vet", "appointment"]);
  expect(table(ir, "appointment").columns.find((c) => c.name === "status")).toMatchObject({ type: { kind: "Enum", enumName: "Status" }, default: { kind: "enum", value: "Scheduled" } });
});

test("library: books, authors, members and loans", () => {
  const result = compile(`
    entity Book { ${ID}
      title   String(200)
      isbn    String(13) @unique
      authors Author[] @through(book_author) @backref(books)
      loans   Loan[]   @backref(book) }
    entity Author { ${ID}
      name String(100) }
    entity Member { ${ID}
      name  String(100)
      loans Loan[] @backref(member) @orderBy(loanedAt desc) }
    entity Loan { ${ID}
      bookIsbn   String(13) @references(Book.isbn)
      memberId   Int @references(Member)
      loanedAt   DateTime @default(now())
      returnedAt DateTime? }
    table book_author {
      bookId   Int @id @references(Book)
      authorId Int @id @references(Author)
    }`);
  expect(result.diagnostics).toEqual([]);
  const ir = result.ir!;
  expect(relation(ir, "Book", "loans")).toMatchObject({ localColumns: ["isbn"], remoteColumns: ["bookIsbn"] });
  expect(relation(ir, "Loan", "member")).toMatchObject({ kind: "many-to-one", cardinality: "one" });
  expect(table(ir, "loan").foreignKeys.map((f) => f.targetColumns)).toEqual([["isbn"], ["id"]]);
});
