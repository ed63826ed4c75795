// A Teams user whose client speaks Chinese. The playground always sends locale "en-US", so the activities pass through
// lib/locale-proxy.js, which sets "zh-CN" as a Chinese Teams client does; the page and the bot are otherwise the same.
// The user is in China: the playground tells the bot the time zone Asia/Shanghai (UTC+8, no daylight saving time).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from '../lib/browser.js';
import { fillForm, formButton, listedMeeting, listedMeetings, PlaygroundChat } from '../lib/chat.js';
import { artifactPath } from '../lib/paths.js';
import { PASSWORD_SHAPE, SEEDED_MEETINGS } from '../lib/sandbox-meetings.js';
import { startStack } from '../lib/stack.js';

describe('chatting with MeetingBot in Chinese (locale zh-CN)', () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startStack({ locale: 'zh-CN', timezone: 'Asia/Shanghai' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('"activate" shows the form in Chinese; 激活 replaces it with the result in Chinese', async () => {
    const chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    try {
      await chat.send('activate');
      const form = await chat.formCard();
      await form.getByText('激活会议', { exact: true }).waitFor();
      await form.getByText('主持人密码', { exact: true }).waitFor();
      const message = await chat.markMessage(form, 'form');
      await fillForm(form, '986030665', '123456');
      await formButton(form, '激活').click();

      await message.getByText('100.94.23.40').waitFor();
      await message.getByText('会议已激活').waitFor();
      assert.equal(await message.getByText('Meeting activated').count(), 0, 'no English on the Chinese result card');
    } finally {
      await chat.page.screenshot({ path: artifactPath('chinese.png') }).catch(() => {});
      await chat.page.close();
    }
  });

  test('"我的会议" lists the meetings in Chinese, in the user\'s time zone, 激活 only where the user hosts; 激活 replaces the list with the result in Chinese', async () => {
    const chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    try {
      await chat.send('我的会议');
      const list = await chat.meetingList('我的会议');
      const items = await listedMeetings(list);
      assert.equal(items.length, SEEDED_MEETINGS.length, 'every seeded meeting');
      for (const [i, meeting] of SEEDED_MEETINGS.entries()) {
        const { text, buttons } = items[i];
        assert.ok(text.includes(meeting.subject), `soonest first: ${meeting.subject} at ${i}`);
        assert.ok(text.includes(`会议 ID ${meeting.shownId}`), text);
        assert.ok(text.includes(meeting.inProgress ? '进行中' : '已预约'), text);
        assert.ok(text.includes('（UTC+08:00）'), `the start time in the user's zone: ${text}`);
        assert.deepEqual(buttons, meeting.hosted ? ['激活'] : [], `${meeting.subject}: 激活 only for a meeting the user hosts`);
        if (!meeting.hosted) assert.ok(text.includes('你是来宾'), text);
      }
      assert.equal(await list.getByText('Your meetings').count(), 0, 'no English title on the Chinese list');
      assert.equal(await list.getByText('In progress').count() + (await list.getByText('Scheduled').count()), 0, 'no English states');

      const meeting = SEEDED_MEETINGS.find((m) => m.hosted && m.inProgress);
      const message = await chat.markMessage(list, 'list');
      await listedMeeting(list, meeting.subject).getByRole('button', { name: '激活', exact: true }).click();
      await message.getByText(meeting.regionIp).waitFor();
      await message.getByText('会议已激活').waitFor();
      assert.equal(await message.getByText('我的会议', { exact: true }).count(), 0, 'the list is gone from that message');
      assert.doesNotMatch(await chat.page.locator('body').innerText(), PASSWORD_SHAPE, 'no host password on the page');
    } finally {
      await chat.page.screenshot({ path: artifactPath('chinese-meetings.png') }).catch(() => {});
      await chat.page.close();
    }
  });
});
