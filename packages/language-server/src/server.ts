// The executable: `relgen-language-server --stdio` (or `--node-ipc`,
// `--socket=N`; vscode-languageserver reads the transport from the arguments).
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { startServer } from "./start.js";

startServer(createConnection(ProposedFeatures.all));
