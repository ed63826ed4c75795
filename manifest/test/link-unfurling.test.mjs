// Teams link unfurling: the bot answers composeExtension/queryLink for Huawei Cloud Meeting join links. That the bot reads
// a link of every domain listed here is checked on the .NET side (tests/MeetingBot.Deploy.Tests, ManifestLinkUnfurlingTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateTeamsManifest } from '../lib/schema.mjs';
import { fillPlaceholders } from '../lib/placeholders.mjs';
import { readJson, VALID_BOT_ID, VALID_DOMAIN } from './helpers.mjs';

const manifest = readJson('manifest.json');

test('one message extension, powered by the bot itself, with a link handler and no commands', () => {
  assert.equal(manifest.composeExtensions.length, 1);
  const [extension] = manifest.composeExtensions;
  assert.equal(extension.botId, manifest.bots[0].botId);
  assert.equal(extension.commands, undefined);
  assert.deepEqual(extension.messageHandlers.map((h) => h.type), ['link']);
});

test('the link handler covers the China site, the international site and every subdomain Huawei serves join links from', () => {
  const domains = manifest.composeExtensions[0].messageHandlers[0].value.domains;
  assert.deepEqual(domains, ['meeting.huaweicloud.com', '*.meeting.huaweicloud.com', 'intl.meeting.huaweicloud.com']);
});

test('no anonymous (zero-install) unfurling: the subject is looked up as the user who pasted the link', () => {
  assert.notEqual(manifest.composeExtensions[0].messageHandlers[0].value.supportsAnonymizedPayloads, true);
});

test('the schema check rejects a link handler that breaks the official schema', () => {
  const filled = JSON.parse(fillPlaceholders(JSON.stringify(manifest),
    { BOT_ID: VALID_BOT_ID, TEAMS_APP_ID: VALID_BOT_ID, BOT_DOMAIN: VALID_DOMAIN, APP_VERSION: '1.0.0' }));
  assert.deepEqual(validateTeamsManifest(filled), []);

  const unknownHandler = structuredClone(filled);
  unknownHandler.composeExtensions[0].messageHandlers[0].type = 'file';
  assert.match(validateTeamsManifest(unknownHandler).join('\n'), /messageHandlers/);

  const twoExtensions = structuredClone(filled);
  twoExtensions.composeExtensions.push(structuredClone(filled.composeExtensions[0]));
  assert.match(validateTeamsManifest(twoExtensions).join('\n'), /composeExtensions/);
});
