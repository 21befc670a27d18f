// The configs remembered on this device, one per business: `portfolio-guard.configs` holds
// `{ "<business id>": {name, config, saved_at} }`. Only the org config is stored (with the
// business's name, to list it), never the export. A config is only ever used for the business
// it was saved for: a check of another business switches to that business's own config.

export const CONFIGS_KEY = 'portfolio-guard.configs';
/** The single config the page kept before configs were per business (see `takeLegacy`). */
export const LEGACY_KEY = 'portfolio-guard.config';

/** True for `{}` and for anything that is not a config object. */
export function isEmptyConfig(config) {
  return !config || typeof config !== 'object' || Array.isArray(config) || Object.keys(config).length === 0;
}

export function isConfigObject(config) {
  return !!config && typeof config === 'object' && !Array.isArray(config);
}

/**
 * Which of the partner and member ids a config names are in an export (its matrix principals).
 * `none` is true when it names some and none of them is there: a config for another business.
 */
export function configMismatch(config, principals) {
  const known = { partners: new Set(), members: new Set() };
  for (const p of principals ?? []) {
    if (p.kind === 'partner') known.partners.add(String(p.id));
    else if (p.kind === 'member') known.members.add(String(p.id));
  }
  const result = { partners: [], members: [], named: 0, matched: 0 };
  for (const list of ['partners', 'members']) {
    const entries = isConfigObject(config?.[list]) ? Object.keys(config[list]) : [];
    for (const id of entries) {
      result.named += 1;
      if (known[list].has(id)) result.matched += 1;
      else result[list].push(id);
    }
  }
  result.none = result.named > 0 && result.matched === 0;
  return result;
}

/**
 * @typedef {object} StoredConfig The config saved for one business.
 * @property {string | null} name the business's name, to list it
 * @property {object} config
 * @property {string | null} saved_at when it was saved (ISO 8601)
 */

/** The per-business store, over `load(key)` / `store(key, value)` (JSON, `null` removes). */
export class ConfigStore {
  constructor({ load, store }) {
    this.load = load;
    this.store = store;
  }

  /**
   * `{ id: {name, config, saved_at} }`, only well-formed entries.
   * @returns {Record<string, StoredConfig>}
   */
  all() {
    const raw = this.load(CONFIGS_KEY);
    /** @type {Record<string, StoredConfig>} */
    const out = {};
    if (!isConfigObject(raw)) return out;
    for (const [id, entry] of Object.entries(raw)) {
      if (isConfigObject(entry) && isConfigObject(entry.config)) {
        out[id] = { name: typeof entry.name === 'string' ? entry.name : null, config: entry.config, saved_at: entry.saved_at ?? null };
      }
    }
    return out;
  }

  /** The entry saved for a business, or null. */
  get(id) {
    return id ? this.all()[id] ?? null : null;
  }

  /** Saves a business's config (an empty config removes its entry: nothing to remember). */
  put(id, name, config, now = new Date()) {
    if (!id) return;
    const all = this.all();
    if (isEmptyConfig(config)) delete all[id];
    else all[id] = { name: name ?? all[id]?.name ?? null, config, saved_at: now.toISOString() };
    this.write(all);
  }

  /** Renames an entry (the export says the business is now called …) without touching its date. */
  rename(id, name) {
    const all = this.all();
    if (!all[id] || !name || all[id].name === name) return;
    all[id].name = name;
    this.write(all);
  }

  forget(id) {
    const all = this.all();
    delete all[id];
    this.write(all);
  }

  forgetAll() {
    this.store(CONFIGS_KEY, null);
    this.store(LEGACY_KEY, null);
  }

  write(all) {
    this.store(CONFIGS_KEY, Object.keys(all).length ? all : null);
  }

  /** The old single config, if the page stored one before configs were per business. */
  legacy() {
    const config = this.load(LEGACY_KEY);
    return isConfigObject(config) && !isEmptyConfig(config) ? config : null;
  }

  dropLegacy() {
    this.store(LEGACY_KEY, null);
  }
}
