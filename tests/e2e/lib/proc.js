import fs from 'node:fs';

/** When a process started (field 22 of /proc/<pid>/stat), to tell it from a later process given the same id. */
export function startTime(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return 'unknown';
  }
}
