// Preloaded (`node --import`) into every process bench:scale measures: prints
// the process's peak resident memory on exit, so relgen of any revision and
// tsc report it the same way, with no tool (/usr/bin/time) required.
process.on("exit", () => {
  process.stderr.write(`\nrelgen-scale-max-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
