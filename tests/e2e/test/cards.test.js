// Every card the bot can send, in English and Chinese, as Microsoft's adaptivecards library sees it.
// Web Chat shows an empty bubble for a card with any validation error, so "zero events" is the bar.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from '../lib/browser.js';
import { checkCard, loadCardGallery, openCardLab } from '../lib/cards.js';

const gallery = loadCardGallery();

describe('every card the bot can send passes the adaptivecards library', () => {
  let browser;
  let page;
  before(async () => {
    browser = await launchBrowser();
    page = await openCardLab(browser.context);
  });
  after(async () => browser?.close());

  test('the gallery has English and Chinese, with the same cards in both', () => {
    assert.deepEqual(Object.keys(gallery).sort(), ['en', 'zh-CN']);
    assert.ok(Object.keys(gallery.en).length >= 10, 'a gallery of at least the form, result, error and help cards');
    assert.deepEqual(Object.keys(gallery['zh-CN']).sort(), Object.keys(gallery.en).sort());
  });

  test('the check itself catches what Web Chat refuses: unlabelled required input, duplicate id, unknown value, too new a version', async () => {
    const report = await checkCard(page, 'broken', {
      type: 'AdaptiveCard',
      version: '1.7',
      body: [
        { type: 'Input.Text', id: 'meetingId', isRequired: true },
        { type: 'Input.Text', id: 'meetingId', label: 'Again', errorMessage: 'Required' },
        { type: 'TextBlock', text: 'Hello', color: 'Purple' },
      ],
    });
    assert.equal(report.versionSupported, false);
    assert.equal(report.parseEvents.length, 1, report.parseEvents.join('\n'));
    for (const expected of ['RequiredInputsShouldHaveLabel', 'RequiredInputsShouldHaveErrorMessage', 'DuplicateId', 'UnsupportedCardVersion']) {
      assert.ok(report.validationEvents.some((e) => e.startsWith(expected)), `${expected} in ${report.validationEvents.join('; ')}`);
    }
  });

  for (const [culture, cards] of Object.entries(gallery)) {
    for (const [name, card] of Object.entries(cards)) {
      test(`${culture} ${name}: parses and validates without a single event, and renders`, async () => {
        const report = await checkCard(page, `${culture}/${name}`, card);
        assert.ok(report.versionSupported, `version ${report.version} is above ${report.latest}, the highest the library renders`);
        assert.deepEqual(report.parseEvents, [], 'parse events');
        assert.deepEqual(report.validationEvents, [], 'validation events');
        assert.ok(report.rendered, 'render() produced an element');
        assert.ok(report.renderedText.trim().length > 0, 'the rendered card shows text');
      });
    }
  }

  test('Chinese cards are in Chinese, English cards are not', () => {
    const han = /\p{Script=Han}/u;
    assert.match(JSON.stringify(gallery['zh-CN']['form-empty']), han);
    assert.doesNotMatch(JSON.stringify(gallery.en['form-empty']), han);
  });
});
