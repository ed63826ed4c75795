// Every card the bot can send (CardGallery in tools/MeetingBot.CardDump, which prints it), and a page
// where Microsoft's adaptivecards library (the renderer Web Chat uses) parses, validates and renders them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { cardDumpDll, ensureBuilt } from './bot.js';

const require = createRequire(import.meta.url);
const adaptiveCardsBundle = require.resolve('adaptivecards/dist/adaptivecards.min.js');

/** { "en": { name: card, … }, "zh-CN": { … } } */
export function loadCardGallery() {
  ensureBuilt();
  const result = spawnSync('dotnet', [cardDumpDll], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`card dump failed (exit ${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** A host config close to Microsoft Teams' (and Web Chat's): Segoe UI, interactive, up to 6 actions. */
export const teamsHostConfig = {
  supportsInteractivity: true,
  fontFamily: "'Segoe UI', 'Noto Sans CJK SC', system-ui, sans-serif",
  spacing: { small: 4, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E1DFDD' },
  fontSizes: { small: 12, default: 14, medium: 18, large: 20, extraLarge: 24 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#7F85F5' },
        good: { default: '#237B4B', subtle: '#3A9C63' },
        warning: { default: '#835B00', subtle: '#A87600' },
        attention: { default: '#C4314B', subtle: '#D74654' },
        dark: { default: '#252424', subtle: '#484644' },
        light: { default: '#FFFFFF', subtle: '#FAF9F8' },
      },
    },
    emphasis: {
      backgroundColor: '#F5F5F5',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        attention: { default: '#C4314B', subtle: '#D74654' },
        good: { default: '#237B4B', subtle: '#3A9C63' },
        warning: { default: '#835B00', subtle: '#A87600' },
      },
    },
  },
  actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, showCard: { actionMode: 'inline', inlineTopMargin: 16 }, actionsOrientation: 'horizontal', actionAlignment: 'left' },
  inputs: { label: { requiredInputs: { suffix: ' *', suffixColor: 'attention' } }, errorMessage: { color: 'attention' } },
  factSet: { title: { weight: 'bolder', wrap: true, maxWidth: 150 }, value: { wrap: true }, spacing: 8 },
};

const pageStyle = `
  body { margin: 0; padding: 24px; background: #F5F5F5; font-family: 'Segoe UI', 'Noto Sans CJK SC', system-ui, sans-serif; }
  .bubble { background: #FFFFFF; border-radius: 4px; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); width: 480px; margin-bottom: 24px; }
  .ac-pushButton { border: 1px solid #D1D1D1; background: #FFFFFF; border-radius: 4px; padding: 5px 12px; font-weight: 600; font-family: inherit; }
  .ac-pushButton.style-positive { background: #5B5FC7; color: #FFFFFF; border-color: #5B5FC7; }
  .ac-input { font-family: inherit; font-size: 14px; padding: 5px 8px; border: 1px solid #D1D1D1; border-radius: 4px; }
`;

/** Opens a page of the given browser context with the adaptivecards bundle loaded (from node_modules, no network). */
export async function openCardLab(context) {
  const page = await context.newPage();
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${pageStyle}</style></head><body><div id="cards"></div></body></html>`);
  await page.addScriptTag({ content: fs.readFileSync(adaptiveCardsBundle, 'utf8') });
  return page;
}

/**
 * Parses, validates and renders one card in the lab page, as Web Chat does. Returns what the library reported:
 * parse events (unknown types/properties, bad values, a version it does not know), validation events
 * (duplicate ids, a required input without label or error message, too many actions…), and the rendered HTML.
 */
export function checkCard(page, name, card) {
  return page.evaluate(
    ({ name, card, hostConfig }) => {
      const AC = window.AdaptiveCards;
      const adaptiveCard = new AC.AdaptiveCard();
      adaptiveCard.hostConfig = new AC.HostConfig(hostConfig);
      const context = new AC.SerializationContext();
      adaptiveCard.parse(card, context);
      const parseEvents = [];
      for (let i = 0; i < context.eventCount; i++) {
        const e = context.getEventAt(i);
        parseEvents.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
      }
      const validationEvents = adaptiveCard
        .validateProperties()
        .validationEvents.map((e) => `${AC.ValidationEvent[e.event]}: ${e.message}`);
      const element = adaptiveCard.render();
      const bubble = document.createElement('div');
      bubble.className = 'bubble';
      bubble.dataset.card = name;
      if (element) bubble.appendChild(element);
      document.getElementById('cards').appendChild(bubble);
      return {
        version: card.version,
        latest: AC.Versions.latest.toString(),
        versionSupported: AC.Version.parse(card.version, context).compareTo(AC.Versions.latest) <= 0,
        parseEvents,
        validationEvents,
        rendered: element ? element.outerHTML : null,
        renderedText: element ? element.innerText : '',
      };
    },
    { name, card, hostConfig: teamsHostConfig },
  );
}
