/**
 * Terminal I/O for the CLI: output streams, hidden prompts on a terminal, and line reading from a
 * pipe. Prompts go to stderr so stdout stays clean for JSON and credential_process output.
 */
import { createInterface } from 'node:readline';
import { UsageError } from './context';
import { type CliOutput, type GuardedOutput, guardOutput } from './output-guard';

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** True when a person can answer prompts (stdin is a terminal). */
  interactive: boolean;
}

/** The process's own streams, guarded so that a closed pipe ends the output instead of crashing. */
export function processIo(): CliIo & { stdout: GuardedOutput; stderr: GuardedOutput } {
  return {
    stdout: guardOutput(process.stdout),
    stderr: guardOutput(process.stderr),
    stdin: process.stdin,
    // a person at the keyboard: prompts go to stderr, secrets are read with echo off (raw mode)
    interactive: Boolean(process.stdin.isTTY),
  };
}

/** Asks a question on the terminal; with `hidden`, typed characters are not echoed (secrets, codes). */
export function prompt(io: CliIo, question: string, hidden = false): Promise<string> {
  return new Promise((resolve, reject) => {
    io.stderr.write(question);
    const stdin = io.stdin;
    if (!hidden || !stdin.setRawMode) {
      const rl = createInterface({ input: stdin, terminal: false });
      rl.once('line', (line) => {
        // resolve first: close() emits 'close' synchronously, whose handler would answer '' instead
        resolve(line);
        rl.close();
      });
      rl.once('close', () => resolve(''));
      return;
    }
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          done();
          io.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          done();
          io.stderr.write('\n');
          reject(new UsageError('Cancelled.'));
          return;
        }
        if (ch === '\u0004') {
          // Ctrl-D: end of input, take what was typed
          done();
          io.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const onEnd = () => {
      done();
      resolve(value);
    };
    const done = () => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.setRawMode?.(false);
      stdin.pause();
    };
    stdin.on('data', onData);
    stdin.once('end', onEnd);
  });
}

/** Reads up to `count` lines from a non-terminal stdin (e.g. `printf 'AKIA…\nsecret\n' | rolecall add dev`). */
export function readLines(io: CliIo, count: number): Promise<string[]> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    const rl = createInterface({ input: io.stdin, terminal: false });
    rl.on('line', (line) => {
      lines.push(line);
      if (lines.length >= count) rl.close();
    });
    rl.once('close', () => resolve(lines));
  });
}
