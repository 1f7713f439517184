/** Asking for an MFA code on a terminal: the CLI's own, or /dev/tty when stdio is piped (credential_process). */
import { openSync, closeSync, readSync, writeSync } from 'node:fs';
import type { CliIo } from './io';
import { prompt } from './io';

export async function askMfaCode(io: CliIo, serial: string): Promise<string> {
  return (await prompt(io, `Enter MFA code for ${serial}: `)).trim();
}

/**
 * Prompts on the controlling terminal even when stdin/stdout/stderr are pipes, as they are when the
 * AWS CLI runs a credential_process. Returns undefined when there is no terminal (a GUI, CI).
 */
export function askMfaCodeOnTty(serial: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
  try {
    writeSync(fd, `Rolecall: enter MFA code for ${serial}: `);
    const buf = Buffer.alloc(64);
    let text = '';
    while (!text.includes('\n')) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      text += buf.subarray(0, n).toString('utf8');
    }
    return text.trim();
  } finally {
    closeSync(fd);
  }
}
