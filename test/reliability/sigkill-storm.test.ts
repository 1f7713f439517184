/**
 * Extends the foundation's crash test (one upsert target, test/node/aws-files/crash.test.ts) to
 * every kind of edit Rolecall makes — upserts of two targets, removal, scrubbing a user's
 * plaintext keys — on a large CRLF corpus file. A writer is SIGKILLed at random moments; after each
 * kill the file must be exactly one complete state (never torn, never older than one already seen)
 * and parse with the JS SDK, and the very next writer must get past the dead one's lock and temp
 * file at once and leave nothing behind.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeSection, scrubKeys, upsertSection } from '../../electron/core/aws-files/section-writer';
import { applyOp, opFor, stormBase } from './storm-model';

const CHILD = join(__dirname, 'storm-child.ts');
const KILLS = 12;
/** opFor's operations repeat every 4 (upsert alpha, upsert beta, remove alpha, scrub). */
const OP_CYCLE = 4;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-storm-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the writer at operation `start`, waits for its first commit, then SIGKILLs it 0–40 ms later. */
function writeAndKill(file: string, start: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let armed = false;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', () => {
      if (armed) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), Math.random() * 40);
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`storm writer exited ${code}: ${err}`))));
  });
}

/** Applies operation k in this process, through the writer, with a short lock deadline. */
async function writeHere(file: string, k: number): Promise<void> {
  const op = opFor(k);
  // never stale by age: the dead writer's lock can only be taken over by seeing its owner is gone
  const opts = { timeoutMs: 2000, staleMs: Number.POSITIVE_INFINITY };
  if (op.kind === 'upsert') await upsertSection(file, op.name, op.keys, { expiresAt: op.expiresAt, source: 'storm' }, { ...opts, configFile: null });
  else if (op.kind === 'remove') await removeSection(file, op.name, opts);
  else await scrubKeys(file, op.name, { ...opts, backup: false });
}

describe('SIGKILL storm over every kind of edit', () => {
  it(`leaves one complete, parseable state after each of ${KILLS} kills, and the next writer recovers at once`, async () => {
    const file = join(dir, 'credentials');
    const states = [stormBase()]; // states[k + 1] = after operation k
    const stateAfter = (k: number): string => {
      while (states.length <= k + 1) states.push(applyOp(states[states.length - 1]!, opFor(states.length - 1)));
      return states[k + 1]!;
    };
    writeFileSync(file, states[0]!, { mode: 0o600 });
    let last = -1; // the last operation known to be on disk
    let leftovers = 0;
    const kinds = new Set<string>();
    for (let kill = 0; kill < KILLS; kill++) {
      await writeAndKill(file, last + 1);
      const text = readFileSync(file, 'latin1');
      let k = last;
      while (k < last + 10_000 && stateAfter(k) !== text) k++;
      expect(stateAfter(k), `after kill ${kill} the file must be a complete state at or after operation ${last}`).toBe(text);
      for (let j = last + 1; j <= k; j++) kinds.add(opFor(j).kind);
      last = k;
      if (readdirSync(dir).length > 1) leftovers++;
      const { credentialsFile } = await loadSharedConfigFiles({ filepath: file, configFilepath: join(dir, 'none'), ignoreCache: true });
      expect(Object.keys(credentialsFile).length).toBeGreaterThan(400);

      // the next write, right over whatever the dead writer left (its lock, its temp file): at once,
      // since a lock that never goes stale by age leaves only dead-owner detection to free it. Then
      // as many more as make the next writer start at the next kind of edit in opFor's cycle, so the
      // killed writers start (and are killed after) every kind however fast this machine writes.
      do {
        await writeHere(file, last + 1);
        last += 1;
        expect(readFileSync(file, 'latin1')).toBe(stateAfter(last));
        expect(readdirSync(dir)).toEqual(['credentials']);
      } while ((last + 1) % OP_CYCLE !== (kill + 1) % OP_CYCLE);
    }
    // the storm must have covered every kind of edit and killed some writers mid-write
    expect([...kinds].sort()).toEqual(['remove', 'scrub', 'upsert']);
    expect(leftovers).toBeGreaterThan(0);
  });
});
