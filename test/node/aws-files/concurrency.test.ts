/**
 * Two Rolecall processes (say the tray app refreshing and the CLI switching) writing different
 * sections of one credentials file at the same time: the lock serialises them, nothing is lost.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listManagedSections } from '../../../electron/core/aws-files/section-writer';
import { readSectionKeys } from '../../../electron/core/aws-files/section-text';
import { keysFor } from '../../fixtures/aws-files/crash-model';

const CHILD = join(__dirname, '../../fixtures/aws-files/writer-child.ts');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-concurrent-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], onReady: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.once('data', onReady);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}: ${err}`))));
  });
}

describe('concurrent writers', () => {
  it('two processes adding sections to the same file lose nothing', async () => {
    const file = join(dir, 'credentials');
    const user = '# my file\r\n[mine]\r\naws_access_key_id = AKIAUSER\r\n';
    writeFileSync(file, user);
    const go = join(dir, 'go');
    const count = 40;
    // Both children start, say so, and wait for the go file, so their loops overlap.
    let ready = 0;
    const onReady = (): void => {
      if (++ready === 2) writeFileSync(go, '');
    };
    await Promise.all([run(['many', file, 'app', String(count), go], onReady), run(['many', file, 'cli', String(count), go], onReady)]);

    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(user)).toBe(true);
    const names = (await listManagedSections(file)).map((s) => s.name).sort();
    const expected = ['app', 'cli'].flatMap((p) => Array.from({ length: count }, (_, i) => `${p}-${i}`)).sort();
    expect(names).toEqual(expected);
    for (const name of expected) expect(readSectionKeys(text, name)).toEqual(keysFor(Number(name.split('-')[1])));
    expect(readdirSync(dir).sort()).toEqual(['credentials', 'go']);
  });
});
