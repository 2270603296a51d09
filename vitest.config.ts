import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// Workspace packages export their TypeScript sources under the "source"
// condition, so tests run against src/ without a build step. Only "source" is
// added for externalised (node_modules) code: vitest hands those conditions
// to Node, and "import" there would make CommonJS packages such as pg
// require() the ESM builds of their dependencies.

const RUNTIME_SUITE = "fixtures/test/runtime/**/*.test.ts";
/** Runtime tests of a SQLite-only proof (issue 14's 1,000-entity schema), left out of the server projects. */
const SQLITE_ONLY = ["fixtures/test/runtime/synthetic-schema.test.ts"];
/** Lets each worker answer vitest between tests (see the file). */
const YIELD = "scripts/yield-between-tests.ts";

/**
 * The runtime suite is written once and run once per engine: one vitest
 * project per target, told apart by RELGEN_TARGET (read by the suite's
 * `openFixture`). Test names carry the project's name, e.g. `[postgres]`.
 */
const runtimeOn = (target: "sqlite" | "postgres" | "mariadb"): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: target,
    include: [RUNTIME_SUITE],
    ...(target === "sqlite" ? {} : { exclude: [...SQLITE_ONLY, "**/node_modules/**"] }),
    env: { RELGEN_TARGET: target },
    setupFiles: [YIELD, ...(target === "sqlite" ? [] : ["fixtures/test/runtime/support/target-setup.ts"])],
  },
});

export default defineConfig({
  resolve: { conditions: ["source", "module", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["source", "node"], externalConditions: ["source"] } },
  test: {
    reporters: ["default", "./scripts/summary-reporter.ts"],
    // vitest's default is one worker fewer than the cores: one on a 2-core CI
    // machine, where test files then run one after another while most of them
    // wait on a database server or a child process. Every test isolates its
    // database objects and files by a unique namespace, so files can overlap.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/*/test/**/*.test.ts", "fixtures/test/**/*.test.ts", "bench/test/**/*.test.ts"],
          exclude: [RUNTIME_SUITE, "**/node_modules/**"],
          setupFiles: [YIELD],
        },
      },
      runtimeOn("sqlite"),
      runtimeOn("postgres"),
      runtimeOn("mariadb"),
    ],
  },
});
