// Fills ${{NAME}} placeholders (the Teams Toolkit convention) in manifest text.
const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;

export function placeholdersIn(text) {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

export function fillPlaceholders(text, values) {
  const missing = placeholdersIn(text).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new Error(`no value for placeholder(s): ${missing.join(', ')}`);
  return text.replace(PLACEHOLDER, (_, name) => values[name]);
}
