import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { validateLocalizationFile, validateTeamsManifest } from '../lib/schema.mjs';
import { fillPlaceholders } from '../lib/placeholders.mjs';
import { readJson, readZip, runScript, tempDir, VALID_BOT_ID, VALID_DOMAIN } from './helpers.mjs';

const TEAMS_APP_ID = '9b2d7c41-0c1e-4a55-8e3f-2a6b0f1d4c77';

test('the package command builds a zip holding the filled manifest, both languages and both icons', async () => {
  const out = tempDir();
  const run = runScript('package.mjs', { BOT_ID: VALID_BOT_ID, BOT_DOMAIN: VALID_DOMAIN, TEAMS_APP_ID, APP_VERSION: '1.2.3' }, out);
  assert.equal(run.status, 0, run.stderr);

  const entries = await readZip(join(out, 'appPackage.zip'));
  assert.deepEqual([...entries.keys()].sort(), ['color.png', 'en.json', 'manifest.json', 'outline.png', 'zh-cn.json']);

  const manifest = JSON.parse(entries.get('manifest.json').toString('utf8'));
  assert.deepEqual(validateTeamsManifest(manifest), []);
  assert.equal(manifest.id, TEAMS_APP_ID);
  assert.equal(manifest.version, '1.2.3');
  assert.equal(manifest.bots[0].botId, VALID_BOT_ID);
  assert.deepEqual(manifest.validDomains, [VALID_DOMAIN]);
  assert.equal(manifest.developer.websiteUrl, `https://${VALID_DOMAIN}`);
  for (const [name, data] of entries) {
    if (name.endsWith('.json')) assert.doesNotMatch(data.toString('utf8'), /\$\{\{/, `${name} still has a placeholder`);
  }
  for (const { file } of [{ file: manifest.localizationInfo.defaultLanguageFile }, ...manifest.localizationInfo.additionalLanguages]) {
    assert.deepEqual(validateLocalizationFile(JSON.parse(entries.get(file).toString('utf8')), manifest.manifestVersion), [], file);
  }
  assert.equal(PNG.sync.read(entries.get(manifest.icons.color)).width, 192);
  assert.equal(PNG.sync.read(entries.get(manifest.icons.outline)).width, 32);
});

test('the Teams app id defaults to the bot id', async () => {
  const out = tempDir();
  const run = runScript('package.mjs', { BOT_ID: VALID_BOT_ID.toUpperCase(), BOT_DOMAIN: VALID_DOMAIN }, out);
  assert.equal(run.status, 0, run.stderr);
  const manifest = JSON.parse((await readZip(join(out, 'appPackage.zip'))).get('manifest.json').toString('utf8'));
  assert.equal(manifest.id, VALID_BOT_ID);
  assert.equal(manifest.bots[0].botId, VALID_BOT_ID);
  assert.equal(manifest.version, '1.0.0');
});

const badInputs = [
  { why: 'missing bot id', env: { BOT_DOMAIN: VALID_DOMAIN }, message: /BOT_ID is not set/ },
  { why: 'malformed bot id', env: { BOT_ID: '3f2504e0-4f89-41d3-9a0c', BOT_DOMAIN: VALID_DOMAIN }, message: /BOT_ID "3f2504e0-4f89-41d3-9a0c" is not a GUID/ },
  { why: 'malformed Teams app id', env: { BOT_ID: VALID_BOT_ID, TEAMS_APP_ID: 'my-app', BOT_DOMAIN: VALID_DOMAIN }, message: /TEAMS_APP_ID "my-app" is not a GUID/ },
  { why: 'missing domain', env: { BOT_ID: VALID_BOT_ID }, message: /BOT_DOMAIN is not set/ },
  { why: 'domain given as a URL', env: { BOT_ID: VALID_BOT_ID, BOT_DOMAIN: `https://${VALID_DOMAIN}/api/messages` }, message: /is not a host name/ },
  { why: 'bad version', env: { BOT_ID: VALID_BOT_ID, BOT_DOMAIN: VALID_DOMAIN, APP_VERSION: 'v2' }, message: /APP_VERSION "v2"/ },
];

for (const { why, env, message } of badInputs) {
  test(`the package command refuses ${why}: clear error, non-zero exit, no package`, () => {
    const out = tempDir();
    const run = runScript('package.mjs', env, out);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /appPackage\.zip not built/);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace for bad input');
    assert.equal(existsSync(join(out, 'appPackage.zip')), false);
  });
}

test('a failed run removes the package of an earlier run, so a stale zip never passes for a new one', () => {
  const out = tempDir();
  assert.equal(runScript('package.mjs', { BOT_ID: VALID_BOT_ID, BOT_DOMAIN: VALID_DOMAIN }, out).status, 0);
  assert.equal(existsSync(join(out, 'appPackage.zip')), true);
  assert.notEqual(runScript('package.mjs', { BOT_ID: 'nope', BOT_DOMAIN: VALID_DOMAIN }, out).status, 0);
  assert.equal(existsSync(join(out, 'appPackage.zip')), false);
});

test('the schema check rejects a manifest that breaks the official schema', () => {
  const manifest = JSON.parse(fillPlaceholders(JSON.stringify(readJson('manifest.json')),
    { BOT_ID: VALID_BOT_ID, TEAMS_APP_ID: VALID_BOT_ID, BOT_DOMAIN: VALID_DOMAIN, APP_VERSION: '1.0.0' }));
  assert.deepEqual(validateTeamsManifest(manifest), []);

  const tooLongName = structuredClone(manifest);
  tooLongName.name.short = 'A name far longer than thirty characters';
  assert.match(validateTeamsManifest(tooLongName).join('\n'), /\/name\/short/);

  const notAGuid = structuredClone(manifest);
  notAGuid.bots[0].botId = 'bot';
  assert.notDeepEqual(validateTeamsManifest(notAGuid), []);

  const unknownScope = structuredClone(manifest);
  unknownScope.bots[0].commandLists[0].scopes = ['everywhere'];
  assert.notDeepEqual(validateTeamsManifest(unknownScope), []);
});

test('an unknown placeholder in the template is an error, not a silent blank', () => {
  assert.throws(() => fillPlaceholders('{"id":"${{SOMETHING_ELSE}}"}', {}), /SOMETHING_ELSE/);
});
