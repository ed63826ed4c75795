// `npm run screenshots` — regenerates docs/screenshots/*.png: the activation form, the result card, the error card and
// the user's meetings, in English and in Chinese, as the real bot (sandbox Huawei) renders them in Microsoft 365 Agents
// Playground. The playground always says locale "en-US"; for Chinese the activities pass through lib/locale-proxy.js,
// which sets "zh-CN", and the user is in Asia/Shanghai (the English user is in this machine's time zone).
// Fonts matter: Debian's fonts-noto-cjk (Chinese) and fonts-noto-color-emoji (the card titles' emoji).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './browser.js';
import { fillForm, formButton, PlaygroundChat } from './chat.js';
import { screenshotsDir } from './paths.js';
import { startStack } from './stack.js';

const MEETING = '986030665';
const PASSWORD = '123456';

const words = {
  'en-US': { activate: 'Activate', meetings: 'meetings', meetingsTitle: 'Your meetings' },
  'zh-CN': { activate: '激活', meetings: '我的会议', meetingsTitle: '我的会议', timezone: 'Asia/Shanghai' },
};

warnAboutMissingFonts();
fs.mkdirSync(screenshotsDir, { recursive: true });
for (const locale of ['en-US', 'zh-CN']) {
  const suffix = locale === 'en-US' ? 'en' : locale;
  const stack = await startStack({ locale: locale === 'en-US' ? undefined : locale, timezone: words[locale].timezone });
  const browser = await launchBrowser({ viewport: { width: 1280, height: 1200 }, deviceScaleFactor: 2, timezoneId: words[locale].timezone });
  try {
    const { activate, meetings, meetingsTitle } = words[locale];

    // The form, filled in (the password masked), then Activate: the same message becomes the result card.
    let { chat, form, message } = await filledForm(browser, stack, PASSWORD);
    await shoot(chat, message, `form.${suffix}.png`);
    await formButton(form, activate).click();
    await message.getByText('100.94.23.40').waitFor();
    await dismissBanner(message);
    await shoot(chat, message, `result.${suffix}.png`);
    await chat.page.close();

    // A wrong password: the error card, with what to do next.
    ({ chat, form, message } = await filledForm(browser, stack, 'not-the-password'));
    await formButton(form, activate).click();
    await message.locator('input[type="password"]').waitFor({ state: 'detached' });
    await message.getByText(/MMC\./).first().waitFor();
    await dismissBanner(message);
    await shoot(chat, message, `error.${suffix}.png`);
    await chat.page.close();

    // The user's meetings (the sandbox's seeded ones): Activate on each they host, none where they are a guest.
    chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
    await chat.send(meetings);
    message = await chat.markMessage(await chat.meetingList(meetingsTitle), 'list');
    await shoot(chat, message, `meetings.${suffix}.png`);
    await chat.page.close();
  } finally {
    await browser.close();
    await stack.stop();
  }
}
console.log(`screenshots written to ${path.relative(process.cwd(), screenshotsDir) || screenshotsDir}`);

/** A new page, "activate" sent, the form filled in; `message` keeps pointing at the form's message when it is replaced. */
async function filledForm(browser, stack, password) {
  const chat = await PlaygroundChat.open(browser.context, stack.playgroundUrl);
  await chat.send('activate');
  const form = await chat.formCard();
  const message = await chat.markMessage(form, 'form');
  await fillForm(form, MEETING, password);
  return { chat, form, message };
}

/** The bot's message alone (avatar, name, time, card): everything else on the page is made invisible, layout unchanged. */
async function shoot(chat, message, file) {
  const row = message.locator('xpath=ancestor::div[.//*[@aria-label="Message header"]][1]');
  await row.evaluate((element) => element.setAttribute('data-e2e-row', ''));
  const style = await chat.page.addStyleTag({
    content:
      'body * { visibility: hidden !important; } [data-e2e-row], [data-e2e-row] * { visibility: visible !important; }' +
      ' *, *::before, *::after { transition: none !important; animation: none !important; }',
  });
  // No half-drawn focus underline in the picture.
  await chat.page.evaluate(() => document.activeElement?.blur());
  await message.scrollIntoViewIfNeeded();
  await chat.page.evaluate(() => document.fonts.ready);
  const box = await row.boundingBox();
  const margin = 16;
  const target = path.join(screenshotsDir, file);
  await chat.page.screenshot({
    path: target,
    clip: { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin },
  });
  await style.evaluate((element) => element.remove());
  await row.evaluate((element) => element.removeAttribute('data-e2e-row'));
  console.log(`  ${file}`);
}

/** The playground's "Your response was sent to the app" banner under an updated card is not the bot's. */
async function dismissBanner(message) {
  const close = message.locator('button[aria-label="Dismiss Invoke Message"]');
  await close.click();
  await close.waitFor({ state: "detached" });
}

function warnAboutMissingFonts() {
  const fonts = spawnSync('fc-list', [':', 'family'], { encoding: 'utf8' }).stdout ?? '';
  for (const [family, pkg] of [['Noto Sans CJK SC', 'fonts-noto-cjk'], ['Noto Color Emoji', 'fonts-noto-color-emoji']]) {
    if (!fonts.includes(family)) console.warn(`warning: font "${family}" missing; install Debian's ${pkg} for faithful screenshots`);
  }
}
