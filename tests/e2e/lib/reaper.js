// Started by lib/processes.js, in a process group of its own. It learns each group the harness starts ("+pgid" / "-pgid" lines
// on stdin); when its stdin closes — the harness exited, however (even killed with SIGKILL, where no handler runs) —
// it ends every group still listed.
const groups = new Set();
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop();
  for (const line of lines) {
    const pgid = Number(line.slice(1));
    if (line.startsWith('+')) groups.add(pgid);
    else if (line.startsWith('-')) groups.delete(pgid);
  }
});
process.stdin.on('close', () => {
  signal('SIGTERM');
  setTimeout(() => {
    signal('SIGKILL');
    process.exit(0);
  }, groups.size ? 3_000 : 0);
});

function signal(name) {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, name);
    } catch {
      groups.delete(pgid); // already gone
    }
  }
}
