// MeetingBot as a Teams user sees it: the real bot (sandbox Huawei) behind Microsoft 365 Agents Playground,
// driven in Debian's chromium. Every assertion is on what the page renders.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchBrowser } from '../lib/browser.js';
import { fillForm, formButton, formInputs, PlaygroundChat } from '../lib/chat.js';
import { artifactPath } from '../lib/paths.js';
import { BOT_NAME, startStack } from '../lib/stack.js';

// Seeded in the sandbox Huawei simulator the bot starts in Development.
const MEETING = '986030665';
const PASSWORD = '123456';
const REGION_IP = '100.94.23.40';
const SLOW_MEETING = '986030666'; // answers after ~8 s, beyond Teams' invoke deadline
const SLOW_REGION_IP = '100.94.23.41';

describe('chatting with MeetingBot in the Agents Playground (Teams channel)', () => {
  let stack;
  let browser;
  let chat;

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterEach(async (t) => {
    // What the page showed at the end of each test, for whoever reads a failure.
    await chat?.page.screenshot({ path: artifactPath(`${t.name}.png`) }).catch(() => {});
    await chat?.page.close();
    chat = undefined;
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('personal chat: "activate" shows a form with a masked password; Activate replaces the form in place with the region IP', async () => {
    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    await chat.send('activate');
    const form = await chat.formCard();
    assert.equal(await formInputs(form).password.getAttribute('type'), 'password', 'the password box is masked');

    const message = await chat.markMessage(form, 'form');
    await fillForm(form, MEETING, PASSWORD);
    await formButton(form, 'Activate').click();

    await message.getByText(REGION_IP).waitFor();
    await message.getByText('Meeting activated').waitFor();
    await message.getByText('Sandbox: this region IP is simulated').waitFor(); // Development runs the Huawei simulator
    assert.equal(await message.locator('input[type="password"]').count(), 0, 'the form is gone from that message');
    assert.equal(await chat.page.getByText(REGION_IP).count(), 1, 'one result, in the form\'s place');
    assert.ok(!(await chat.page.locator('body').innerText()).includes(PASSWORD), 'the password is shown nowhere');
  });

  test('personal chat: a wrong password shows the error card; Try again brings back the form with the ID and an empty password', async () => {
    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    await chat.send('activate');
    const form = await chat.formCard();
    const message = await chat.markMessage(form, 'form');
    await fillForm(form, MEETING, 'wrong-password');
    await formButton(form, 'Activate').click();

    await message.getByText('The meeting was not activated').waitFor();
    await message.getByText('did not accept this meeting ID and password').waitFor();
    assert.equal(await chat.page.getByText(REGION_IP).count(), 0, 'no region IP for a wrong password');

    await message.getByRole('button', { name: 'Try again' }).click();
    const again = await chat.formCard();
    assert.equal(await formInputs(again).meetingId.inputValue(), MEETING, 'the meeting ID is prefilled');
    assert.equal(await formInputs(again).password.inputValue(), '', 'the password is not');
    assert.ok(!(await chat.page.locator('body').innerText()).includes('wrong-password'), 'the password is shown nowhere');
  });

  test('personal chat: "/activate <ID>" opens the form with that ID filled in', async () => {
    // An ID this user never submitted: the bot also prefills the last one they used, which must not be what we see here.
    const unseenMeeting = '555000111';
    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    await chat.send(`/activate ${unseenMeeting}`);
    const form = await chat.formCard();
    assert.equal(await formInputs(form).meetingId.inputValue(), unseenMeeting);
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
    await formButton(form, 'Activate').waitFor();
  });

  test('a slow Huawei answer: the form turns into "activating…" at once, then into the outcome', async () => {
    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    await chat.send('activate');
    const form = await chat.formCard();
    const message = await chat.markMessage(form, 'form');
    await fillForm(form, SLOW_MEETING, PASSWORD);
    await formButton(form, 'Activate').click();

    // Seen at all means seen before the outcome: the outcome replaces it in the same message.
    await message.getByText(`Activating meeting ${SLOW_MEETING}`).waitFor();
    assert.equal(await message.getByText(SLOW_REGION_IP).count(), 0);
    await message.getByText(SLOW_REGION_IP).waitFor({ timeout: 60_000 });
    await message.getByText('Meeting activated').waitFor();
    assert.equal(await message.getByText(`Activating meeting ${SLOW_MEETING}`).count(), 0, 'the activating card was replaced');
    assert.equal(await chat.page.getByText(SLOW_REGION_IP).count(), 1, 'one outcome, in the form\'s place');
  });
});
