// "Your meetings, one click" as a Teams user sees it: the real bot in Development (the sandbox Huawei lists its seeded
// meetings to whoever signs in) behind Microsoft 365 Agents Playground, in its personal chat, driven in Debian's chromium.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchBrowser } from '../lib/browser.js';
import { listedMeeting, listedMeetings, PlaygroundChat } from '../lib/chat.js';
import { artifactPath } from '../lib/paths.js';
import { PASSWORD_SHAPE, SEEDED_MEETINGS } from '../lib/sandbox-meetings.js';
import { startStack } from '../lib/stack.js';

describe('your meetings in the Agents Playground (Teams channel, personal chat)', () => {
  let stack;
  let browser;
  let chat;

  before(async () => {
    // The bot as the README runs it: Development, no Huawei credentials, nothing else configured.
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterEach(async (t) => {
    await chat?.page.screenshot({ path: artifactPath(`${t.name}.png`) }).catch(() => {});
    await chat?.page.close();
    chat = undefined;
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('a newcomer types "meetings" first and sees the sandbox\'s meetings at once: subjects, IDs, in progress or scheduled, Activate only where they host', async () => {
    const botOutput = () => stack.bot.handle.output;
    assert.match(botOutput(), /SANDBOX MODE/, 'the bot runs its Huawei sandbox');
    assert.doesNotMatch(botOutput(), /registered account/, 'nobody has signed in to the sandbox yet');

    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    await chat.send('meetings');
    const list = await chat.meetingList();

    const items = await listedMeetings(list);
    assert.deepEqual(
      items.map((item) => SEEDED_MEETINGS.find((m) => item.text.includes(m.subject))?.subject),
      SEEDED_MEETINGS.map((m) => m.subject),
      'every seeded meeting, soonest first',
    );
    for (const [i, meeting] of SEEDED_MEETINGS.entries()) {
      const { text, buttons } = items[i];
      assert.ok(text.includes(`meeting ID ${meeting.shownId}`), `${meeting.subject} shows its ID: ${text}`);
      assert.ok(text.includes(meeting.inProgress ? 'In progress' : 'Scheduled'), `${meeting.subject} in progress or scheduled: ${text}`);
      assert.deepEqual(buttons, meeting.hosted ? ['Activate'] : [], `${meeting.subject}: Activate only for a meeting the user hosts`);
      if (!meeting.hosted) assert.ok(text.includes('You are a guest'), text);
    }
    assert.match(botOutput(), /registered account/, 'the list came for a user signed in to the sandbox by this very message');
    assert.doesNotMatch(await chat.page.locator('body').innerText(), PASSWORD_SHAPE, 'no host password on the page');
  });

  test('Activate on one meeting starts it: the outcome with the region IP replaces the list in place, and the meeting is then in progress', async () => {
    const meeting = SEEDED_MEETINGS.find((m) => m.hosted && !m.inProgress);
    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    await chat.send('my meetings');
    const list = await chat.meetingList();
    const message = await chat.markMessage(list, 'list');
    await listedMeeting(list, meeting.subject).getByRole('button', { name: 'Activate' }).click();

    await message.getByText(meeting.regionIp).waitFor();
    await message.getByText('Meeting activated').waitFor();
    await message.getByText(meeting.meetingId, { exact: true }).waitFor();
    assert.equal(await message.getByText('Your meetings', { exact: true }).count(), 0, 'the list is gone from that message');
    assert.equal(await chat.page.getByText(meeting.regionIp).count(), 1, 'one outcome, in the list\'s place');
    assert.doesNotMatch(await chat.page.locator('body').innerText(), PASSWORD_SHAPE, 'no host password on the page');

    // Huawei (the sandbox) really started it: the next list says so.
    await chat.send('meetings');
    const again = await chat.meetingList();
    assert.notEqual(await again.evaluate((card) => card.closest('.fai-OutputCard').dataset.e2e), 'list', 'a new list');
    assert.match(await listedMeeting(again, meeting.subject).innerText(), /In progress/);
  });
});
