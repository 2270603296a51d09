// Entry used when running from source (see bin/relgen.mjs).
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
