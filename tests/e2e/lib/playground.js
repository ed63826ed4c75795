// Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground, pinned in package-lock.json):
// a local Teams-like web chat that sends Teams-shaped activities to a bot and renders its Adaptive Cards.
// Offline: telemetry off, no Application Insights statsbeat, no browser opened by it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactsDir, e2eDir } from './paths.js';
import { removeOnExit, startProcess, stopProcess, waitForHttp, waitForOutput } from './processes.js';

export const playgroundCli = path.join(e2eDir, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

/** The environment that keeps the playground from reaching the internet or opening a browser. */
export function offlineEnv(extra = {}) {
  return {
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    TEAMSAPPTESTER_BROWSER: 'none',
    ...extra,
  };
}

export function playgroundArgs({ endpoint, port }) {
  return [playgroundCli, '--app-endpoint', endpoint, '--channel-id', 'msteams', '--port', String(port), '--disable-telemetry'];
}

/**
 * Starts the playground against `endpoint` on a free port; resolves with its URL once the page is served.
 * `timezone` (an IANA name) is the zone it tells the bot the user is in (its own process's zone, TZ).
 */
export async function startPlayground({ endpoint, name = 'playground', timezone }) {
  // Its mock-data file lives in a temporary folder and its own log beside ours, not in the working tree.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meetingbot-playground-'));
  const removeWorkDir = removeOnExit(workDir);
  const configPath = path.join(workDir, '.m365agentsplayground.yml');
  fs.writeFileSync(configPath, mockTeamsData());
  const ownLog = path.join(artifactsDir, `${name}-own.log`);
  fs.rmSync(ownLog, { force: true });
  const handle = startProcess(name, process.execPath, playgroundArgs({ endpoint, port: 0 }), {
    cwd: workDir,
    env: offlineEnv({
      M365_AGENTS_PLAYGROUND_LOGFILE: ownLog,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      ...(timezone ? { TZ: timezone } : {}),
    }),
  });
  try {
    const [, port] = await waitForOutput(handle, /Listening on (\d+)/, 30_000);
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(url, { timeoutMs: 30_000, accept: (s) => s === 200, handle });
    return { handle, url, removeWorkDir };
  } catch (error) {
    await stopProcess(handle);
    removeWorkDir();
    throw error;
  }
}

/** The playground's default mock tenant, with the bot named as ours (its name shows in the chat and in @mentions). */
function mockTeamsData() {
  // It insists on at least five other users.
  const users = [
    ['user-id-1', 'Megan Bowen', 'meganb'],
    ['user-id-2', 'Adele Vance', 'adelev'],
    ['user-id-3', 'Isaiah Langer', 'isaiahl'],
    ['user-id-4', 'Patti Fernandez', 'pattif'],
    ['user-id-5', 'Lynne Robbins', 'lynner'],
  ];
  return `version: "0.1.1"
tenantId: 00000000-0000-0000-0000-0000000000001
bot:
  id: 00000000-0000-0000-0000-00000000000011
  name: MeetingBot
currentUser:
  id: user-id-0
  name: Alex Wilber
  userPrincipleName: alexw@example.com
  aadObjectId: 00000000-0000-0000-0000-0000000000020
  givenName: Alex
  surname: Wilber
  email: alexw@example.com
users:
${users.map(([id, name, mail], i) => `  - id: ${id}
    name: ${name}
    userPrincipleName: ${mail}@example.com
    aadObjectId: 00000000-0000-0000-0000-00000000000${21 + i}
    givenName: ${name.split(' ')[0]}
    surname: ${name.split(' ')[1]}
    email: ${mail}@example.com`).join('\n')}
personalChat:
  id: personal-chat-id
groupChat:
  id: group-chat-id
  name: Group Chat
team:
  id: team-id
  name: My Team
  aadGroupId: 00000000-0000-0000-0000-000000000031
  channels:
    - id: channel-announcements-id
      name: Announcements
`;
}
