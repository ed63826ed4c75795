// A Teams user whose client speaks Chinese. The playground always sends locale "en-US", so the activities pass through
// lib/locale-proxy.js, which sets "zh-CN" as a Chinese Teams client does; the page and the bot are otherwise the same.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from '../lib/browser.js';
import { fillForm, formButton, PlaygroundChat } from '../lib/chat.js';
import { artifactPath } from '../lib/paths.js';
import { startStack } from '../lib/stack.js';

describe('chatting with MeetingBot in Chinese (locale zh-CN)', () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startStack({ locale: 'zh-CN' });
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
});
