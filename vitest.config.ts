import { defineConfig } from "vitest/config";

// Workspace packages export their TypeScript sources under the "source"
// condition, so tests run against src/ without a build step. Only "source" is
// added for externalised (node_modules) code: vitest hands those conditions
// to Node, and "import" there would make CommonJS packages such as pg
// require() the ESM builds of their dependencies.
export default defineConfig({
  resolve: { conditions: ["source", "module", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["source", "node"], externalConditions: ["source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "fixtures/test/**/*.test.ts"],
    reporters: ["default", "./scripts/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
