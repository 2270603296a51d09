import { describe, expect, it } from "vitest";
import { project, relgen } from "./harness.js";

const COMMANDS = [
  [],
  ["init"],
  ["build"],
  ["check"],
  ["format"],
  ["migrate"],
  ["migrate", "dev"],
  ["migrate", "deploy"],
  ["migrate", "status"],
  ["migrate", "down"],
];

describe("--help", () => {
  const dir = project({});
  for (const command of COMMANDS) {
    it(`relgen ${command.join(" ")} --help shows usage with examples of that command`, async () => {
      const run = await relgen(dir, [...command, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("");
      const examples = run.stdout.split("\nExamples:\n")[1];
      expect(examples, run.stdout).toBeDefined();
      // Each example line shown for a command runs that command (or, at the top, any command).
      const lines = examples!.split("\n").filter((l) => l.startsWith("  relgen ") || /^ {2}\S+=\S+ relgen /.test(l));
      expect(lines.length).toBeGreaterThan(0);
      const prefix = ["relgen", ...command].join(" ");
      expect(lines.some((l) => l.includes(`${prefix} `) || l.trimEnd().endsWith(prefix))).toBe(true);
    });
  }

  it("documents --watch in build's help", async () => {
    const run = await relgen(project({}), ["build", "--help"]);
    expect(run.stdout).toContain("--watch");
    expect(run.stdout).toContain("relgen build --watch");
  });
});
