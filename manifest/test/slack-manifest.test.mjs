import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, tempDir, VALID_DOMAIN } from './helpers.mjs';

const HANDLE = 'meetingbot-prod';

function render() {
  const out = tempDir();
  const run = runScript('slack-manifest.mjs', { BOT_DOMAIN: VALID_DOMAIN, BOT_HANDLE: HANDLE }, out);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(readFileSync(join(out, 'slack-manifest.json'), 'utf8'));
}

test('the /activate and /meetingbot slash commands post to the bot\'s own Slack command endpoint', () => {
  const { features } = render();
  assert.deepEqual(features.slash_commands.map((c) => c.command), ['/activate', '/meetingbot']);
  for (const command of features.slash_commands) {
    assert.equal(command.url, `https://${VALID_DOMAIN}/api/slack/commands`);
    assert.ok(command.description.length > 0 && command.description.length <= 100);
    assert.ok(command.usage_hint.length <= 100);
  }
});

test('events and OAuth point at Azure Bot Service\'s Slack channel', () => {
  const { settings, oauth_config: oauth } = render();
  assert.equal(settings.event_subscriptions.request_url, `https://slack.botframework.com/api/Events/${HANDLE}`);
  assert.deepEqual([...settings.event_subscriptions.bot_events].sort(),
    ['member_joined_channel', 'member_left_channel', 'message.channels', 'message.groups', 'message.im', 'message.mpim']);
  assert.deepEqual(oauth.redirect_urls, ['https://slack.botframework.com']);
  assert.equal(settings.socket_mode_enabled, false);
});

test('button clicks (interactivity) post to the bot\'s own Slack interactions endpoint, not Azure Bot Service', () => {
  const { settings } = render();
  assert.equal(settings.interactivity.is_enabled, true);
  assert.equal(settings.interactivity.request_url, `https://${VALID_DOMAIN}/api/slack/interactions`);
  assert.doesNotMatch(JSON.stringify(settings.interactivity), /botframework\.com/);
});

test('the bot user exists and has the scopes its events and commands need', () => {
  const { features, oauth_config: oauth, settings } = render();
  assert.equal(features.bot_user.display_name, 'MeetingBot');
  assert.equal(features.app_home.messages_tab_enabled, true);
  const scopes = new Set(oauth.scopes.bot);
  const needs = {
    'message.channels': 'channels:history', 'message.groups': 'groups:history', 'message.im': 'im:history',
    'message.mpim': 'mpim:history', member_joined_channel: 'channels:read', member_left_channel: 'channels:read',
  };
  for (const event of settings.event_subscriptions.bot_events) assert.ok(scopes.has(needs[event]), `${event} needs ${needs[event]}`);
  assert.ok(scopes.has('commands'), 'slash commands need the commands scope');
  assert.ok(scopes.has('chat:write'), 'replies need chat:write');
});

for (const { why, env, message } of [
  { why: 'a missing bot handle', env: { BOT_DOMAIN: VALID_DOMAIN }, message: /BOT_HANDLE is not set/ },
  { why: 'a URL for a domain', env: { BOT_DOMAIN: 'https://x.example.com', BOT_HANDLE: HANDLE }, message: /is not a host name/ },
  { why: 'a bot handle with a slash', env: { BOT_DOMAIN: VALID_DOMAIN, BOT_HANDLE: 'a/b' }, message: /is not an Azure Bot name/ },
]) {
  test(`the Slack manifest command refuses ${why}`, () => {
    const out = tempDir();
    const run = runScript('slack-manifest.mjs', env, out);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, message);
    assert.equal(existsSync(join(out, 'slack-manifest.json')), false);
  });
}
