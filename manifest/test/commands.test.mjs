// The agreement of these commands with the bot's own parser (CommandCatalog) is checked on the .NET side:
// tests/MeetingBot.Deploy.Tests reads this manifest and compares it with the real list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readJson } from './helpers.mjs';

const bot = readJson('manifest.json').bots[0];

test('the bot is installable in personal chats, teams and group chats', () => {
  assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
});

test('each scope has its own command list, offered on @mention and as slash commands', () => {
  assert.deepEqual(bot.commandLists.map((l) => l.scopes).flat().sort(), ['groupChat', 'personal', 'team']);
  for (const list of bot.commandLists) {
    assert.equal(list.scopes.length, 1);
    assert.deepEqual(list.triggers, ['mention', 'slash']);
  }
});

test('every scope lists the same commands, once each', () => {
  const [first, ...rest] = bot.commandLists.map((l) => l.commands.map((c) => c.title));
  assert.equal(new Set(first).size, first.length);
  for (const titles of rest) assert.deepEqual(titles, first);
});

test('in shared conversations the activate help does not invite typing the password', () => {
  for (const list of bot.commandLists.filter((l) => !l.scopes.includes('personal'))) {
    const activate = list.commands.find((c) => c.title === 'activate');
    assert.doesNotMatch(activate.description, /\[password\]/);
  }
});
