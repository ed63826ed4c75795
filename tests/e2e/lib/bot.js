// The real MeetingBot host, built in Release and run in Development (the Huawei sandbox simulator starts itself).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';
import { startProcess, stopProcess, waitForHttp, waitForOutput } from './processes.js';

export const botDll = path.join(repoRoot, 'src', 'MeetingBot', 'bin', 'Release', 'net10.0', 'MeetingBot.dll');
/** Prints every card of CardGallery as JSON (tools/MeetingBot.CardDump). */
export const cardDumpDll = path.join(repoRoot, 'tools', 'MeetingBot.CardDump', 'bin', 'Release', 'net10.0', 'MeetingBot.CardDump.dll');

/** Builds the solution in Release unless the bot's binary is newer than every file under src/ and tools/ (and appsettings.json). */
export function ensureBuilt() {
  const built = [botDll, cardDumpDll].every((dll) => fs.existsSync(dll) && newestSource() <= fs.statSync(dll).mtimeMs);
  if (built) return;
  const result = spawnSync('dotnet', ['build', 'MeetingBot.sln', '-c', 'Release', '--nologo', '-v', 'quiet'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`dotnet build failed (exit ${result.status})`);
}

/** Starts the bot on a loopback port chosen by the OS; resolves once it is ready. */
export async function startBot({ name = 'bot', env = {} } = {}) {
  ensureBuilt();
  const handle = startProcess(name, 'dotnet', [botDll, '--urls', 'http://127.0.0.1:0'], {
    cwd: path.dirname(botDll),
    env: {
      ASPNETCORE_ENVIRONMENT: 'Development',
      DOTNET_NOLOGO: '1',
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      ...env,
    },
  });
  try {
    const [, url] = await waitForOutput(handle, /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/, 60_000);
    await waitForHttp(`${url}/health/ready`, { timeoutMs: 30_000, accept: (s) => s === 200, handle });
    // The first request to the bot's endpoint sets up its adapter; have that done before the playground's 15 s connection check.
    await waitForHttp(`${url}/api/messages`, { timeoutMs: 60_000, accept: (s) => s < 500, handle });
    return { handle, url, messagesUrl: `${url}/api/messages` };
  } catch (error) {
    await stopProcess(handle);
    throw error;
  }
}

function newestSource() {
  let newest = fs.statSync(path.join(repoRoot, 'appsettings.json')).mtimeMs;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'bin' || entry.name === 'obj') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(path.join(repoRoot, 'src'));
  walk(path.join(repoRoot, 'tools'));
  return newest;
}
