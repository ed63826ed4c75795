import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { templateDir } from '../lib/paths.mjs';

export const VALID_BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
export const VALID_DOMAIN = 'meetingbot.example.com';

export const readJson = (name) => JSON.parse(readFileSync(join(templateDir, name), 'utf8'));
export const tempDir = () => mkdtempSync(join(tmpdir(), 'meetingbot-manifest-'));

/** Runs one of the npm scripts' node files as a user would, with only the given inputs in the environment. */
export function runScript(script, env, outDir) {
  const inputs = ['BOT_ID', 'BOT_DOMAIN', 'TEAMS_APP_ID', 'APP_VERSION', 'BOT_HANDLE'];
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !inputs.includes(k)));
  return spawnSync(process.execPath, [join(templateDir, 'scripts', script), '--out', outDir], {
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Entries of a zip file, read by yauzl (an independent reader, not our writer). */
export function readZip(path) {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
      if (err) return reject(err);
      const entries = new Map();
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr) return reject(streamErr);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => { entries.set(entry.fileName, Buffer.concat(chunks)); zip.readEntry(); });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
