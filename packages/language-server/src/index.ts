// Public API of @relgen/language-server: run the server in-process on any
// connection (a client that bundles it, or tests over a stream pair).
export { startServer, SERVER_NAME } from "./start.js";
