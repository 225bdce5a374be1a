/** Looking at live processes through Linux's /proc, for the tests of worker processes and their audit processes. */
import { existsSync, readFileSync } from 'node:fs';

/** The live child processes of `pid`. */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Whether `pid` is a running process (not gone, not a zombie waiting to be reaped). */
export function alive(pid: number): boolean {
  try {
    return existsSync(`/proc/${pid}`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
