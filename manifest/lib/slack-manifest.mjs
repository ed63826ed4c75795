import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillPlaceholders } from './placeholders.mjs';

export const slackTemplatePath = (templateDir) => join(templateDir, 'slack', 'manifest.json');

/** The Slack app manifest with the bot's host and Azure Bot handle filled in, ready to paste at api.slack.com/apps. */
export function renderSlackManifest(templateDir, values) {
  return JSON.parse(fillPlaceholders(readFileSync(slackTemplatePath(templateDir), 'utf8'), values));
}
