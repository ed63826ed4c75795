// What a person does in the playground page, and what they see: its real DOM
// (a Lexical send box, a tree of chats, messages as Fluent "OutputCard"s, Adaptive Cards rendered by the adaptivecards library).

/** Generous: the box has 2 shared cores, and a dotnet JIT warming up. */
export const SEEN_WITHIN_MS = 30_000;

export class PlaygroundChat {
  constructor(page) {
    this.page = page;
    this.sendBox = page.locator('[data-lexical-editor="true"][role="textbox"]');
    /** Every Adaptive Card in the conversation, oldest first. */
    this.cards = page.locator('.ac-adaptiveCard');
    /** Every message the bot posted (text or card), oldest first. */
    this.botMessages = page.locator('.fai-OutputCard');
  }

  /** Opens the playground and picks a chat: "Personal Chat" (1:1) or "Group Chat". */
  static async open(context, url, chat = 'Personal Chat') {
    const page = await context.newPage();
    page.setDefaultTimeout(SEEN_WITHIN_MS);
    await page.goto(url);
    await waitUntilConnected(page);
    const session = new PlaygroundChat(page);
    await page.getByRole('treeitem', { name: chat }).click();
    await session.sendBox.waitFor();
    return session;
  }

  async send(text) {
    await this.sendBox.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** Types "@", picks the bot from the mention list, then the rest of the message. */
  async sendMentioningBot(botName, text) {
    await this.sendBox.click();
    await this.page.keyboard.type('@');
    await this.page.getByRole('menuitem', { name: botName }).click();
    await this.page.keyboard.type(` ${text}`);
    await this.page.keyboard.press('Enter');
  }

  /** The newest card with a password box (the activation form), once it is rendered. */
  async formCard() {
    const form = this.cards.filter({ has: this.page.locator('input[type="password"]') }).last();
    await form.waitFor();
    return form;
  }

  /** The newest meeting list card (its title: "Your meetings", or "我的会议" in Chinese), once it is rendered. */
  async meetingList(title = 'Your meetings') {
    const list = this.cards.filter({ has: this.page.getByText(title, { exact: true }) }).last();
    await list.waitFor();
    return list;
  }

  /**
   * Tags the chat message that holds `card`, and returns a locator for that message. The playground keeps a message's
   * element when the bot updates the message, so whatever the tagged message shows later replaced the card in place.
   */
  async markMessage(card, tag) {
    await card.evaluate((element, value) => element.closest('.fai-OutputCard').setAttribute('data-e2e', value), tag);
    return this.page.locator(`.fai-OutputCard[data-e2e="${tag}"]`);
  }
}

/**
 * When its page first loads, the playground checks (for 15 s) that the bot answers, and says so in its log panel:
 * "Connected." or "Cannot connect to your app". If it cannot, it sends nothing, so stop here with the reason.
 */
async function waitUntilConnected(page) {
  const connected = page.getByText('Connected.', { exact: true }).first();
  const refused = page.getByText('Cannot connect to your app').first();
  await connected.or(refused).waitFor({ timeout: 60_000 });
  if (await refused.isVisible()) {
    throw new Error('the playground could not reach the bot (see the log panel in artifacts/e2e and the bot log)');
  }
}

/** Types a meeting ID and a password into a rendered form card. */
export async function fillForm(card, meetingId, password) {
  const inputs = formInputs(card);
  await inputs.meetingId.fill(meetingId);
  await inputs.password.fill(password);
}

/**
 * A button of the form itself (Activate, Cancel): in its own action set, the card's last. The user's next hosted
 * meetings above the form have one-click buttons of their own, also named Activate.
 */
export function formButton(form, name) {
  return form.locator('.ac-actionSet').last().getByRole('button', { name, exact: true });
}

/** Inputs of a rendered card: the meeting ID box and the password box (masked). */
export function formInputs(card) {
  return {
    meetingId: card.locator('input:not([type="password"])').first(),
    password: card.locator('input[type="password"]'),
  };
}

/** The meetings of a rendered list card, top to bottom: each item's text and the titles of its buttons. */
export function listedMeetings(list) {
  return list.evaluate((card) =>
    [...card.querySelectorAll('.ac-container')].map((item) => ({
      text: item.innerText,
      buttons: [...item.querySelectorAll('button')].map((button) => button.innerText.trim()),
    })),
  );
}

/** The item of a rendered list card that shows `subject`. */
export function listedMeeting(list, subject) {
  return list.locator('.ac-container').filter({ hasText: subject });
}
