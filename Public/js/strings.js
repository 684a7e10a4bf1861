// The page's interface strings, rendered by the server into a JSON data block for the page's locale.

const table = JSON.parse(document.getElementById("interface-strings")?.textContent || "{}");

/** The interface text for `key`, with `{name}` placeholders filled from `values`. */
export function t(key, values = {}) {
  const template = table[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name) => String(values[name] ?? match));
}
