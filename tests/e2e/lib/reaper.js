// Started by lib/processes.js, in a process group of its own. It learns each group the harness starts ("+pgid start"
// and "-pgid" lines on stdin) and each temporary folder ("d<path>", "x<path>"); when its stdin closes — the harness
// exited, however (even killed with SIGKILL, where no handler runs) — it ends every group and deletes every folder
// still listed. A group is signalled only while its leader is the very process that
// was registered (same start time in /proc), so a process id the system has since given to someone else is left alone.
import fs from 'node:fs';
import { startTime } from './proc.js';

const groups = new Map(); // pgid -> start time of its leader
const folders = new Set();
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop();
  for (const line of lines) {
    const [id, start] = line.slice(1).split(' ');
    if (line.startsWith('+')) groups.set(Number(id), start);
    else if (line.startsWith('-')) groups.delete(Number(id));
    else if (line.startsWith('d')) folders.add(line.slice(1));
    else if (line.startsWith('x')) folders.delete(line.slice(1));
  }
});
process.stdin.on('close', () => {
  signal('SIGTERM');
  setTimeout(() => {
    signal('SIGKILL');
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
    process.exit(0);
  }, groups.size ? 3_000 : 0);
});

function signal(name) {
  for (const [pgid, start] of groups) {
    if (startTime(pgid) !== start) {
      groups.delete(pgid); // gone, or the id now belongs to another process
      continue;
    }
    try {
      process.kill(-pgid, name);
    } catch {
      groups.delete(pgid);
    }
  }
}
