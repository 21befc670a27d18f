// The portal's Vite config: nothing about the .wasm (the package's `new URL(…, import.meta.url)`
// is enough for `vite build` to copy it), only what the package's README advises.

/** @type {import("vite").UserConfig} */
export default {
  // <portfolio-guard-report> checks in a module Worker of the package.
  worker: { format: 'es' },
  // The dev server would pre-bundle the package away from its .wasm.
  optimizeDeps: { exclude: ['portfolio-guard'] },
  // `npm run dev`: the package is linked from ../../pkg (a dependency by path), outside this
  // folder, so the dev server is allowed to serve it (an installed package needs nothing).
  server: { fs: { allow: ['.', '../../pkg'] } },
  build: { target: 'es2022' },
};
