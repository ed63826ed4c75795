// `npm run playground` — chat with a locally running MeetingBot in Microsoft 365 Agents Playground (a Teams-like page).
// Points at http://localhost:3978/api/messages as channel msteams, with telemetry and Application Insights statsbeat off,
// so nothing leaves the machine. Extra arguments go to the playground CLI (e.g. `-- --port 56151`, `-- --app-endpoint URL`).
// Set TEAMSAPPTESTER_BROWSER=none to keep it from opening a browser tab.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { offlineEnv, playgroundCli } from './playground.js';

const passed = process.argv.slice(2);
const has = (...names) => passed.some((arg) => names.includes(arg.split('=')[0]));
const args = [playgroundCli];
if (!has('-e', '--app-endpoint')) args.push('--app-endpoint', process.env.BOT_ENDPOINT || 'http://localhost:3978/api/messages');
if (!has('-c', '--channel-id')) args.push('--channel-id', 'msteams');
if (!has('-p', '--port')) args.push('--port', process.env.TEAMSAPPTESTER_PORT || '56150');
args.push('--disable-telemetry', ...passed);

const child = spawn(process.execPath, args, {
  stdio: 'inherit',
  env: {
    ...process.env,
    ...offlineEnv({ TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? '' }),
    // Its log goes to the temp folder rather than a devTools/ folder in the working tree.
    M365_AGENTS_PLAYGROUND_LOGFILE: process.env.M365_AGENTS_PLAYGROUND_LOGFILE || path.join(os.tmpdir(), 'm365agentsplayground.log'),
  },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
