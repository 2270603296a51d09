import { describe, expect, it } from "vitest";
import {
  camelCase,
  className,
  initInterfaceName,
  kebabCase,
  migrationDownPath,
  migrationUpPath,
  modelFilePath,
  modelSpecifier,
  propertyKey,
  runtimeTypeLocal,
} from "../src/views/naming.js";

describe("naming", () => {
  it("derives model file names in kebab case", () => {
    expect(modelFilePath("BlogPost")).toBe("models/blog-post.ts");
    expect(modelFilePath("HTTPLog")).toBe("models/http-log.ts");
    expect(modelFilePath("User")).toBe("models/user.ts");
    expect(modelFilePath("OAuth2Token")).toBe("models/o-auth2-token.ts");
    expect(kebabCase("user_groups")).toBe("user-groups");
  });

  it("derives ESM specifiers relative to the importing file", () => {
    expect(modelSpecifier("BlogPost", "models")).toBe("./blog-post.js");
    expect(modelSpecifier("BlogPost", "")).toBe("./models/blog-post.js");
  });

  it("names classes, Init interfaces and variables", () => {
    expect(className("BlogPost")).toBe("BlogPost");
    expect(initInterfaceName("BlogPost")).toBe("BlogPostInit");
    expect(camelCase("HTTPLog")).toBe("httpLog");
    expect(camelCase("BlogPost")).toBe("blogPost");
  });

  it("aliases runtime types only when the schema uses the same name", () => {
    expect(runtimeTypeLocal("Reference", new Set(["User"]))).toBe("Reference");
    expect(runtimeTypeLocal("Reference", new Set(["Reference"]))).toBe("RelgenReference");
  });

  it("prints safe object keys", () => {
    expect(propertyKey("userId")).toBe("userId");
    expect(propertyKey("user-id")).toBe('"user-id"');
    expect(propertyKey("__proto__")).toBe('["__proto__"]');
  });

  it("names migration files per dialect", () => {
    expect(migrationUpPath("sqlite")).toBe("sqlite/0001_init.sql");
    expect(migrationDownPath("mysql")).toBe("mysql/0001_init.down.sql");
  });
});
