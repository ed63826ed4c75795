// npm run slack-manifest: writes out/slack-manifest.json from slack/manifest.json (inputs BOT_DOMAIN, BOT_HANDLE).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, readSlackInputs } from '../lib/inputs.mjs';
import { outputDirFrom, templateDir } from '../lib/paths.mjs';
import { renderSlackManifest } from '../lib/slack-manifest.mjs';

const outputDir = outputDirFrom(process.argv);
const target = join(outputDir, 'slack-manifest.json');
try {
  const manifest = renderSlackManifest(templateDir, readSlackInputs(process.env));
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(target, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`wrote ${target}: paste it at https://api.slack.com/apps → Create New App → From an app manifest`);
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  console.error(`slack-manifest.json not written:\n${error.message}`);
  process.exitCode = 1;
}
