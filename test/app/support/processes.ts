/**
 * Whether a process has really ended: gone from /proc, or a zombie waiting to be reaped (it runs
 * no code any more). Used for processes whose parent was the app, which a test cannot wait on.
 */
import { readFileSync } from 'node:fs';

export function processGone(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return true;
  }
  // "pid (comm) S …": the state letter follows the last ')'
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
}
