// Child processes the harness starts (the bot, the playground), each in its own process group,
// so that stopping a group also ends whatever it spawned. Every group is killed on exit and on signals,
// also when a test fails or the runner interrupts us.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir } from './paths.js';
import { startTime } from './proc.js';

const running = new Set();
const temporaryDirs = new Set();
let reaper;

/** A temporary folder to delete when this process exits, however it exits short of SIGKILL. */
export function removeOnExit(dir) {
  temporaryDirs.add(dir);
  tellReaper(`d${dir}`);
  return () => {
    fs.rmSync(dir, { recursive: true, force: true });
    temporaryDirs.delete(dir);
    tellReaper(`x${dir}`);
  };
}

/** The watchdog that ends our groups if this process dies without running its handlers (see reaper.js). */
function tellReaper(line) {
  if (!reaper) {
    reaper = spawn(process.execPath, [new URL('./reaper.js', import.meta.url).pathname], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    reaper.unref();
    reaper.stdin.on('error', () => {});
  }
  reaper.stdin.write(`${line}\n`);
  // The open pipe must not keep this process alive on its own.
  reaper.stdin.unref();
}

/**
 * Starts `command` in a new process group; its output goes to artifacts/e2e/<name>.log and is kept in memory
 * so that a readiness check can wait for a line.
 */
export function startProcess(name, command, args, { env = {}, cwd } = {}) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const logPath = path.join(artifactsDir, `${name}.log`);
  const log = fs.createWriteStream(logPath);
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true, // its own process group: kill(-pid) reaches its children too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const handle = { name, child, logPath, output: '', exited: false, exitCode: null };
  const collect = (chunk) => {
    const text = chunk.toString();
    handle.output = (handle.output + text).slice(-200_000);
    // Each chunk stamped with the time it arrived, to line up the bot's and the playground's logs with a failure.
    log.write(`[${new Date().toISOString().slice(11, 23)}] ${text}`);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  tellReaper(`+${child.pid} ${startTime(child.pid)}`);
  child.on('exit', (code, signal) => {
    tellReaper(`-${child.pid}`);
    handle.exited = true;
    handle.exitCode = code ?? signal;
    running.delete(handle);
    log.end(`[harness ${new Date().toISOString()}] ${name} exited (${handle.exitCode})${handle.stopping ? ', as asked' : ', unasked'}\n`);
  });
  running.add(handle);
  return handle;
}

/** Resolves with the first match of `pattern` in the process output; rejects if the process exits first or time runs out. */
export function waitForOutput(handle, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const check = () => {
      const match = handle.output.match(pattern);
      if (match) return resolve(match);
      if (handle.exited) return reject(new Error(`${handle.name} exited (${handle.exitCode}) before printing ${pattern}; see ${handle.logPath}\n${tail(handle.output)}`));
      if (Date.now() > deadline) return reject(new Error(`${handle.name} did not print ${pattern} within ${timeoutMs} ms; see ${handle.logPath}\n${tail(handle.output)}`));
      setTimeout(check, 100);
    };
    check();
  });
}

/** Polls an HTTP URL until it answers with a status `accept` likes. */
export async function waitForHttp(url, { timeoutMs, accept = (status) => status < 500, handle } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (handle?.exited) throw new Error(`${handle.name} exited (${handle.exitCode}); see ${handle.logPath}\n${tail(handle.output)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (accept(response.status)) return response;
      lastError = new Error(`status ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms: ${lastError?.message}`);
}

/** Ends the process group: SIGTERM, then SIGKILL for whatever is still there after a grace period. */
export async function stopProcess(handle, graceMs = 5_000) {
  if (handle.exited) return;
  handle.stopping = true;
  const exited = new Promise((resolve) => handle.child.once('exit', resolve));
  signalGroup(handle, 'SIGTERM');
  const timer = new Promise((resolve) => setTimeout(resolve, graceMs));
  await Promise.race([exited, timer]);
  signalGroup(handle, 'SIGKILL'); // also reaches grandchildren that outlived their parent
}

export async function stopAll() {
  await Promise.all([...running].map((handle) => stopProcess(handle)));
}

function signalGroup(handle, signal) {
  try {
    process.kill(-handle.child.pid, signal);
  } catch {
    // the group is already gone
  }
}

function tail(text) {
  return text.split('\n').slice(-30).join('\n');
}

// Last line of defence: whatever way this process ends, no group we started outlives it.
process.on('exit', () => {
  for (const handle of running) signalGroup(handle, 'SIGKILL');
  for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    stopAll().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)));
  });
}
