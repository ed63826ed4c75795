// Validates manifests against the official Teams JSON schemas that @microsoft/app-manifest ships.
// The package's own validateManifest downloads the schema (no network here) and its entry point requires
// fs-extra, which it does not declare; so load the bundled schema file and compile it the way the package does
// (ajv-draft-04, allErrors, strictTypes off, formats uri/email/regex).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const packageRoot = dirname(require.resolve('@microsoft/app-manifest/package.json'));

export function teamsSchemaPath(manifestVersion, file = 'MicrosoftTeams.schema.json') {
  return join(packageRoot, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, file);
}

const compiled = new Map();

function compile(path, ajvOptions) {
  if (!compiled.has(path)) {
    const ajv = new Ajv04({ allErrors: true, strictTypes: false, ...ajvOptions });
    addFormats(ajv, ['uri', 'email', 'regex']);
    compiled.set(path, ajv.compile(JSON.parse(readFileSync(path, 'utf8'))));
  }
  return compiled.get(path);
}

function validate(document, schemaFile, manifestVersion, ajvOptions = {}) {
  const check = compile(teamsSchemaPath(manifestVersion, schemaFile), ajvOptions);
  if (check(document)) return [];
  return check.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Schema errors of a Teams app manifest (empty when valid), using the schema of its own manifestVersion. */
export function validateTeamsManifest(manifest) {
  return validate(manifest, 'MicrosoftTeams.schema.json', manifest.manifestVersion);
}

/** Schema errors of a Teams localization file, against the localization schema of the manifest's version. */
export function validateLocalizationFile(strings, manifestVersion) {
  // Its key patterns (e.g. `\b]` in the activities keys) are not valid under the regex `u` flag ajv uses by default.
  return validate(strings, 'MicrosoftTeams.Localization.schema.json', manifestVersion, { unicodeRegExp: false });
}
