// "Fetch from Meta": drives the library's collection plan (the WebAssembly package's
// `startCollection`) with `fetch`. The plan says which Graph API calls to make, how long to wait
// for a rate limit, and folds the answers into a `meta-graph-bundle/v1` bundle; this file only
// carries its calls over HTTP. There is no list of Graph requests here.
//
// It runs on the page's main thread (not in the engine's Web Worker) so that the page's
// Content-Security-Policy (`connect-src`) governs every call: a worker's own fetches are not
// bound by a <meta> policy. The access token is added here, as the form field `access_token` of
// each POST (never in a URL), is handed to the plan only so it can scrub it from the answers it
// keeps, and is dropped when `collect` returns.

const PKG_URL = new URL('../../pkg/portfolio_guard.js', import.meta.url);
const WASM_URL = new URL('../../pkg/portfolio_guard_bg.wasm', import.meta.url);
let pkgLoading = null;

/**
 * The WebAssembly package instantiated on this thread, once, from `module` (the page's engine
 * has already compiled it) or else from its URL. Loaded on the first fetch only.
 */
export function collectorPackage(module) {
  pkgLoading ??= import(PKG_URL.href).then(async (pg) => {
    await pg.default({ module_or_path: module ?? WASM_URL });
    return pg;
  });
  pkgLoading.catch(() => { pkgLoading = null; });
  return pkgLoading;
}

/**
 * Collects one business's access data. Resolves (never rejects) with
 * `{type: "success", bundle, progress}` (the bundle as JSON text),
 * `{type: "failure", kind, errors: [{message}], progress}` (the plan's message, which says what
 * to do), or `{type: "cancelled", progress}` once `signal` aborts (in-flight calls and waits are
 * abandoned). `onProgress(progress, step)` is called before each step.
 *
 * @param {object} o
 * @param {{startCollection: Function}} o.pkg the WebAssembly package
 * @param {string} o.businessId
 * @param {string} o.token
 * @param {string} [o.graphUrl] the API's base URL (Meta's by default)
 * @param {string} [o.apiVersion]
 * @param {AbortSignal} [o.signal]
 * @param {(p: object, step: object) => void} [o.onProgress]
 * @param {number} [o.maxWaitMs] @param {number} [o.retryBaseMs]
 * @param {typeof fetch} [o.fetch]
 */
export async function collect({
  pkg, businessId, token, graphUrl, apiVersion, signal, onProgress,
  maxWaitMs, retryBaseMs, fetch: send = globalThis.fetch.bind(globalThis),
}) {
  const options = { business_id: String(businessId ?? '') };
  if (apiVersion) options.api_version = apiVersion;
  if (graphUrl) options.graph_url = graphUrl;
  if (maxWaitMs !== undefined) options.max_wait_ms = maxWaitMs;
  if (retryBaseMs !== undefined) options.retry_base_ms = retryBaseMs;
  const scrub = (text) => (token ? String(text).split(token).join('[access token]') : String(text));
  const failure = (f, progress) => ({
    type: 'failure',
    kind: f?.kind ?? 'collect',
    errors: (f?.errors ?? [{ message: 'the collection failed' }]).map((e) => ({ ...e, message: scrub(e.message) })),
    progress,
  });
  if (!token) return failure({ errors: [{ message: 'an access token is needed' }] }, null);

  const collection = pkg.startCollection(options);
  if (collection?.type === 'failure') return failure(collection, null);
  const blocked = watchPolicy();
  let progress = collection.progress();
  try {
    collection.scrub(token);
    for (;;) {
      if (signal?.aborted) return { type: 'cancelled', progress };
      const step = collection.next();
      progress = step.progress;
      onProgress?.(progress, step);
      if (step.kind === 'send') {
        // The plan asks for nothing while calls are out; every call is answered before asking.
        if (step.calls.length === 0) return failure({ kind: 'internal', errors: [{ message: 'internal error: the collection stalled' }] }, progress);
        let refused = null;
        await Promise.all(step.calls.map(async (call) => {
          const body = new URLSearchParams(call.form);
          body.set('access_token', token);
          let response;
          let text;
          try {
            // No cookies (the user's Facebook session is not ours to use), no referrer.
            response = await send(call.url, {
              method: call.method, body, signal, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
            });
            text = await response.text();
          } catch (err) {
            if (signal?.aborted) return;
            refused ??= await blocked(call.url);
            collection.networkError(call.id, scrub(err?.message ?? err));
            return;
          }
          if (signal?.aborted) return;
          collection.answer(call.id, response.status, [...response.headers], text);
        }));
        if (signal?.aborted) return { type: 'cancelled', progress };
        if (refused) return failure({ errors: [{ message: refused }] }, collection.progress());
      } else if (step.kind === 'wait') {
        await sleep(step.ms, signal);
      } else if (step.kind === 'done') {
        return { type: 'success', bundle: collection.bundle(new Date().toISOString()), progress };
      } else {
        return failure(step.error, progress);
      }
    }
  } finally {
    blocked.stop();
    collection.free();
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Notices a call the page's Content-Security-Policy refused (a Graph API URL on another origin
 * than Meta's or the page's own), so the collection stops at once with a message instead of
 * retrying what can never work. `blocked(url)` gives that message, or null.
 */
function watchPolicy() {
  const refused = new Set();
  const doc = globalThis.document;
  const listen = (e) => {
    if (String(e.effectiveDirective ?? e.violatedDirective).startsWith('connect-src')) refused.add(originOf(e.blockedURI));
  };
  doc?.addEventListener('securitypolicyviolation', listen);
  const blocked = async (url) => {
    if (!doc) return null;
    // The violation event is queued as a task of its own: let it arrive.
    await new Promise((r) => setTimeout(r, 0));
    const origin = originOf(url);
    return refused.has(origin)
      ? `this page may only connect to Meta's Graph API (https://graph.facebook.com) and to its own address (${globalThis.location?.origin}), not to ${origin}: use the default Graph API URL, or a proxy on this page's own address`
      : null;
  };
  blocked.stop = () => doc?.removeEventListener('securitypolicyviolation', listen);
  return blocked;
}

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return String(url);
  }
}
