/**
 * A writer SIGKILLed at random moments, again and again: after every kill the file must be exactly
 * one complete version (never torn, never older than one already seen) and must parse with the JS
 * SDK's loader. The next writer must get past the dead one's lock and clean up its temp file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { upsertSection } from '../../../electron/core/aws-files/section-writer';
import { TARGET, baseFile, keysFor, markerFor, versionOf, versionText } from '../../fixtures/aws-files/crash-model';

const CHILD = join(__dirname, '../../fixtures/aws-files/writer-child.ts');
const KILLS = 24;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-crash-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the loop writer, waits until it has committed at least one version, kills it a moment later. */
function writeAndKill(file: string, start: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'loop', file, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let armed = false;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', () => {
      if (armed) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), Math.random() * 30);
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}: ${err}`))));
  });
}

describe('crash safety', () => {
  it(`leaves an old or new, parseable file across ${KILLS} SIGKILLs`, async () => {
    const file = join(dir, 'credentials');
    const base = baseFile();
    writeFileSync(file, versionText(base, 0));
    let last = 0;
    let interrupted = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      await writeAndKill(file, last + 1);
      const text = readFileSync(file, 'utf8');
      const k = versionOf(text);
      expect(k, 'the target section must be complete').toBeDefined();
      expect(text === versionText(base, k as number), `file must be exactly version ${k}`).toBe(true);
      expect(k as number).toBeGreaterThanOrEqual(last);
      last = k as number;
      const { credentialsFile } = await loadSharedConfigFiles({ filepath: file, configFilepath: join(dir, 'none'), ignoreCache: true });
      expect(credentialsFile[TARGET]).toEqual(keysFor(last));
      expect(Object.keys(credentialsFile)).toHaveLength(1502);
      if (readdirSync(dir).length > 1) interrupted++;
    }
    // Some kills must have landed mid-write (a temp or lock file left behind), or we tested nothing.
    expect(interrupted).toBeGreaterThan(0);

    // A writer after the storm takes over the dead lock and sweeps the leftovers.
    await upsertSection(file, TARGET, keysFor(last + 1), markerFor(last + 1), { configFile: null, timeoutMs: 2000 });
    expect(readFileSync(file, 'utf8')).toBe(versionText(base, last + 1));
    expect(readdirSync(dir)).toEqual(['credentials']);
  });
});
