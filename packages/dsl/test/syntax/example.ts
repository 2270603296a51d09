/** The complete example from the language spec, verbatim. */
export const SPEC_EXAMPLE = `/// A person who writes posts.
entity User {
  @@table("users")

  id        Int          @id @default(autoincrement())
  username  String(80)   @unique
  email     String(120)  @unique
  bio       Text?
  createdAt DateTime     @default(now())

  posts     Post[]       @backref(author) @cascade(all, delete-orphan) @orderBy(createdAt desc)
  profile   Profile?     @inverse(user) @cascade(all, delete-orphan)
  groups    Group[]      @through(user_groups) @backref(members, lazy: dynamic)
}

entity Profile {
  id      Int     @id @default(autoincrement())
  website String(200)?
  userId  Int     @unique @references(User.id) @onDelete(cascade)
  user    User    @inverse(profile)
}

entity Post {
  id        Int         @id @default(autoincrement())
  title     String(200)
  content   Text
  createdAt DateTime    @default(now())
  userId    Int         @index @references(User.id)
  // \`author\` is created on Post by User.posts @backref(author)
}

entity Group {
  id   Int         @id @default(autoincrement())
  name String(100) @unique
}

/// Plain association table: no class, only rows linking users and groups.
table user_groups {
  userId  Int @id @references(User.id) @onDelete(cascade)
  groupId Int @id @references(Group.id) @onDelete(cascade)
}

enum Status { Scheduled Completed Cancelled }
`;
