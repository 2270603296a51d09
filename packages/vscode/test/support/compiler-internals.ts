// The parts of @relgen/dsl these tests hold the editor files to that are not
// its public API: its lexer (the public parser drops comments and docs) and
// its word lists. Importing them, rather than copying them, makes a change in
// the compiler show up here instead of the editor quietly drifting apart.
export { lex } from "../../../dsl/src/syntax/lexer.js";
export { LineIndex } from "../../../dsl/src/source/line-index.js";
export { SCALAR_TYPES } from "../../../dsl/src/resolve/types.js";
export { CASCADE_WORDS, LOAD_STRATEGIES, REFERENTIAL_ACTIONS } from "../../../dsl/src/resolve/options.js";
