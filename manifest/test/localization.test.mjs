import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateLocalizationFile } from '../lib/schema.mjs';
import { readJson } from './helpers.mjs';

const manifest = readJson('manifest.json');
const info = manifest.localizationInfo;

test('English is the default language and Simplified Chinese is offered', () => {
  assert.equal(info.defaultLanguageTag, 'en');
  assert.deepEqual(info.additionalLanguages.map((l) => l.languageTag), ['zh-cn']);
});

for (const { languageTag, file } of [{ languageTag: info.defaultLanguageTag, file: info.defaultLanguageFile }, ...info.additionalLanguages]) {
  test(`${languageTag} strings (${file}) pass the official localization schema and cover every command`, () => {
    const strings = readJson(file);
    assert.deepEqual(validateLocalizationFile(strings, manifest.manifestVersion), []);
    manifest.bots[0].commandLists.forEach((list, l) => list.commands.forEach((command, c) => {
      const key = `bots[0].commandLists[${l}].commands[${c}]`;
      // Titles are what users type, so they stay the parser's words in every language.
      assert.equal(strings[`${key}.title`], command.title, `${file} ${key}.title`);
      assert.ok(strings[`${key}.description`]?.length > 0, `${file} ${key}.description`);
    }));
  });
}

test('the English file repeats the manifest\'s own strings', () => {
  const en = readJson(info.defaultLanguageFile);
  assert.equal(en['name.short'], manifest.name.short);
  assert.equal(en['description.short'], manifest.description.short);
  assert.equal(en['description.full'], manifest.description.full);
  manifest.bots[0].commandLists.forEach((list, l) => list.commands.forEach((command, c) => {
    assert.equal(en[`bots[0].commandLists[${l}].commands[${c}].description`], command.description);
  }));
});

test('the Chinese file is translated, not a copy of the English one', () => {
  const en = readJson(info.defaultLanguageFile);
  const zh = readJson('zh-cn.json');
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  const han = /\p{Script=Han}/u;
  for (const key of Object.keys(zh).filter((k) => k.endsWith('description') || k.startsWith('description.') || k === 'name.full')) {
    assert.match(zh[key], han, `zh-cn ${key} is in Chinese`);
  }
});

test('the schema check rejects a localization file that breaks the schema', () => {
  const en = readJson(info.defaultLanguageFile);
  assert.notDeepEqual(validateLocalizationFile({ ...en, 'name.short': 'x'.repeat(31) }, manifest.manifestVersion), []);
  assert.notDeepEqual(validateLocalizationFile({ ...en, 'bots[0].unknownKey': 'x' }, manifest.manifestVersion), []);
});
