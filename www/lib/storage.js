// What the page remembers on this device (localStorage): the configs (lib/configs.js) and the
// custom policies; never the export. Storage that refuses (a private window) is no error: the
// page works the same, it just forgets.

/**
 * The value stored under `key`, or `null` (none, unreadable, or storage refused).
 * @param {string} key
 * @returns {any}
 */
export function load(key) {
  try {
    const text = localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/**
 * Stores `value` (as JSON) under `key`; `null` removes it.
 * @param {string} key
 * @param {any} value
 */
export function store(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private windows may refuse storage: the page works the same, it just forgets.
  }
}
