// The package's entry for Node (the `node` condition of its exports): the same engine as the
// browser entry, loaded synchronously from the .wasm next to this file when the module is
// imported, so every function can be called at once. `init()` is there for code shared with
// browsers (`await init()` works in both); here it does nothing more.
import { readFileSync } from 'node:fs';
import { initSync } from './portfolio_guard.js';

export * from './portfolio_guard.js';
export { initSync };

const instance = initSync({ module: readFileSync(new URL('./portfolio_guard_bg.wasm', import.meta.url)) });

/** Already loaded: resolves at once (the browser entry's `init()` downloads the .wasm). */
export default async function init() {
  return instance;
}
