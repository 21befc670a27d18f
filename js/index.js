// The package's entry for browsers and bundlers: every function of the WebAssembly engine (the
// wasm-bindgen build, ./portfolio_guard.js) and `init()`, which loads the .wasm next to this
// file. The address is written `new URL('./portfolio_guard_bg.wasm', import.meta.url)`: Vite,
// webpack 5, Parcel and Rollup's URL plugins see it, copy the file into the build and rewrite
// the address, so a bundled app needs no manual copying; served as it is (no bundler), the
// browser finds the file next to this one.
import start, { initSync } from './portfolio_guard.js';

export * from './portfolio_guard.js';
export { initSync };

let loading = null;

/**
 * Loads the engine once (later calls return the same promise): the .wasm next to this file,
 * or `options.module_or_path` (a URL, a Response, bytes or a compiled WebAssembly.Module).
 * @param {{module_or_path?: any}} [options]
 */
export default function init(options) {
  if (options !== undefined && options !== null) return start(options);
  loading ??= start({ module_or_path: new URL('./portfolio_guard_bg.wasm', import.meta.url) })
    .catch((e) => {
      loading = null; // a failed download may be tried again
      throw e;
    });
  return loading;
}
