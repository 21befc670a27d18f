// The package's types: the engine's functions and the types of their calls and answers
// (portfolio_guard.d.ts, derived from the Rust types), and the entries' `init()`.
import type { InitInput, InitOutput } from './portfolio_guard.js';

export * from './portfolio_guard.js';
export { initSync } from './portfolio_guard.js';

/**
 * Loads the engine; call (and await) it once before any other function. In browsers and
 * bundlers it downloads the .wasm next to the package's entry (bundlers copy it into the build)
 * unless `options.module_or_path` says where else; in Node the engine is loaded on import and
 * this resolves at once.
 */
export default function init(options?: { module_or_path?: InitInput | Promise<InitInput> }): Promise<InitOutput>;
