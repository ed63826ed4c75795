// MeetingBot as a Teams user sees it: the real bot (sandbox Huawei) behind Microsoft 365 Agents Playground,
// driven in Debian's chromium. Every assertion is on what the page renders.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchBrowser } from '../lib/browser.js';
import { formInputs, PlaygroundChat } from '../lib/chat.js';
import { BOT_NAME, startStack } from '../lib/stack.js';

// Seeded in the sandbox Huawei simulator the bot starts in Development.
const MEETING = '986030665';
const PASSWORD = '123456';
const REGION_IP = '100.94.23.40';
const SLOW_MEETING = '986030666'; // answers after ~8 s, beyond Teams' invoke deadline

describe('chatting with MeetingBot in the Agents Playground (Teams channel)', () => {
  let stack;
  let browser;
  let chat;

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterEach(async () => chat?.page.close());
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('personal chat: "activate" shows a form with a masked password; Activate replaces the form in place with the region IP', async () => {
    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    await chat.send('activate');
    const form = await chat.formCard();
    const inputs = formInputs(form);
    assert.equal(await inputs.password.getAttribute('type'), 'password', 'the password box is masked');
    assert.equal(await inputs.meetingId.inputValue(), '', 'no meeting ID given, none prefilled');

    const message = await chat.markMessage(form, 'form');
    await inputs.meetingId.fill(MEETING);
    await inputs.password.fill(PASSWORD);
    await form.getByRole('button', { name: 'Activate' }).click();

    await message.getByText(REGION_IP).waitFor();
    await message.getByText('Meeting activated').waitFor();
    assert.equal(await message.locator('input[type="password"]').count(), 0, 'the form is gone from that message');
    assert.equal(await chat.page.getByText(REGION_IP).count(), 1, 'one result, in the form\'s place');
    assert.ok(!(await chat.page.locator('body').innerText()).includes(PASSWORD), 'the password is shown nowhere');
  });

  test('personal chat: a wrong password shows the error card; Try again brings back the form with the ID and an empty password', async () => {
    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    await chat.send('activate');
    const form = await chat.formCard();
    const message = await chat.markMessage(form, 'form');
    const inputs = formInputs(form);
    await inputs.meetingId.fill(MEETING);
    await inputs.password.fill('wrong-password');
    await form.getByRole('button', { name: 'Activate' }).click();

    await message.getByText('The meeting was not activated').waitFor();
    await message.getByText('did not accept this meeting ID and password').waitFor();
    assert.equal(await chat.page.getByText(REGION_IP).count(), 0, 'no region IP for a wrong password');

    await message.getByRole('button', { name: 'Try again' }).click();
    const again = await chat.formCard();
    assert.equal(await formInputs(again).meetingId.inputValue(), MEETING, 'the meeting ID is prefilled');
    assert.equal(await formInputs(again).password.inputValue(), '', 'the password is not');
    assert.ok(!(await chat.page.locator('body').innerText()).includes('wrong-password'), 'the password is shown nowhere');
  });

  test('personal chat: "/activate 986030665" opens the form with the ID filled in', async () => {
    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    await chat.send(`/activate ${MEETING}`);
    const form = await chat.formCard();
    assert.equal(await formInputs(form).meetingId.inputValue(), MEETING);
    assert.equal(await formInputs(form).password.inputValue(), '');
  });

  test('personal chat: "help" lists what the bot can do', async () => {
    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    await chat.send('help');
    const help = chat.cards.filter({ hasText: 'What I can do' }).last();
    await help.waitFor();
    const text = await help.innerText();
    for (const command of ['activate', 'help', 'cancel']) assert.match(text, new RegExp(command, 'i'));
  });

  test('group chat: @mentioning the bot with "activate" opens the form', async () => {
    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl, 'Group Chat');
    await chat.sendMentioningBot(BOT_NAME, 'activate');
    const form = await chat.formCard();
    assert.equal(await formInputs(form).password.getAttribute('type'), 'password');
    await form.getByRole('button', { name: 'Activate' }).waitFor();
  });

  test('a slow Huawei answer: the form turns into "activating…" at once, then into the outcome', async () => {
    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    await chat.send('activate');
    const form = await chat.formCard();
    const message = await chat.markMessage(form, 'form');
    await formInputs(form).meetingId.fill(SLOW_MEETING);
    await formInputs(form).password.fill(PASSWORD);
    const clicked = Date.now();
    await form.getByRole('button', { name: 'Activate' }).click();

    await message.getByText(`Activating meeting ${SLOW_MEETING}`).waitFor();
    const activatingAfter = Date.now() - clicked;
    assert.ok(activatingAfter < 7_000, `"activating…" shown after ${activatingAfter} ms: before the slow answer (~8 s)`);
    await message.getByText('Meeting activated').waitFor({ timeout: 60_000 });
    await message.getByText(/\d+\.\d+\.\d+\.\d+/).first().waitFor();
    assert.equal(await message.getByText(`Activating meeting ${SLOW_MEETING}`).count(), 0, 'the activating card was replaced');
  });
});
