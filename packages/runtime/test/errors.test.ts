import { describe, expect, it } from "vitest";
import { NotLoadedError } from "../src/index.js";

describe("NotLoadedError", () => {
  it("names the entity and relation and says how to load it", () => {
    const error = new NotLoadedError("User", "posts");
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(NotLoadedError);
    expect(error.name).toBe("NotLoadedError");
    expect(error.entity).toBe("User");
    expect(error.relation).toBe("posts");
    expect(error.message).toContain("User.posts is not loaded");
    expect(error.message).toContain("`await user.posts.load()`");
    expect(error.message).toContain('`session.query(User).with("posts")`');
  });

  it("derives a natural variable name from acronym-led entity names", () => {
    expect(new NotLoadedError("HTTPLog", "lines").message).toContain("`await httpLog.lines.load()`");
    expect(new NotLoadedError("BlogPost", "tags").message).toContain("`await blogPost.tags.load()`");
    expect(new NotLoadedError("ID", "x").message).toContain("`await id.x.load()`");
  });

  it("is caught as an Error with a stack", () => {
    try {
      throw new NotLoadedError("Post", "author");
    } catch (caught) {
      expect(caught instanceof NotLoadedError && caught.relation).toBe("author");
      expect((caught as Error).stack?.split("\n")[0]).toMatch(/^NotLoadedError: Post.author is not loaded/);
    }
  });
});
