// Debian's chromium (/usr/bin/chromium) driven by playwright-core: never a browser download.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { removeOnExit } from './processes.js';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A fresh profile each time; every request that is not to this machine is refused (the page asks a CDN for fonts).
 * `timezoneId` (an IANA name; this machine's when absent) is the zone the page shows its own times in.
 */
export async function launchBrowser({ viewport = { width: 1280, height: 900 }, locale = 'en-US', deviceScaleFactor = 1, timezoneId } = {}) {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: install Debian's chromium (apt-get install -y chromium)`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'meetingbot-chromium-'));
  const removeProfile = removeOnExit(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: flags,
    viewport,
    locale,
    deviceScaleFactor,
    timezoneId,
  });
  await context.route((url) => !isLocal(url), (route) => route.abort());
  const close = async () => {
    await context.close().catch(() => {});
    removeProfile();
  };
  return { context, close };
}

function isLocal(url) {
  return url.protocol === 'data:' || url.protocol === 'blob:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
