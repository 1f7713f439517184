/**
 * A writer without our lock (the AWS CLI's `configure set`) that opens the file before our rename
 * and writes after it lands its bytes in the file we replaced. The writer reads that file once more
 * after the rename and re-applies the edit to what it finds, so the other writer's change survives.
 * Each case puts the other writer in the window between our last check and our rename.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editFileAtomically } from '../../../electron/core/aws-files/atomic-file';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-lost-'));
  file = join(dir, 'credentials');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const addOurs = (current: string) => `${current}[ours]\nk = 1\n`;
/** The other writer acts in the first window only (the recovery's own rename has its own window). */
const once = (act: () => void) => {
  let done = false;
  return () => {
    if (!done) act();
    done = true;
  };
};
const USER = '# mine\n[keep]\nk = v\n';

describe('a write into the file we just replaced is not lost', () => {
  it('a rewrite in place (truncate, write) completed inside the window', async () => {
    writeFileSync(file, USER);
    const theirs = `${USER}[cli]\nk = 2\n`;
    await editFileAtomically(file, addOurs, { onBeforeRename: once(() => writeFileSync(file, theirs)) });
    expect(readFileSync(file, 'latin1')).toBe(`${theirs}[ours]\nk = 1\n`);
  });

  it('a truncation inside the window, the write only after our rename', async () => {
    writeFileSync(file, USER);
    const theirs = `${USER}[cli]\nk = 3\n`;
    let fd = -1;
    await editFileAtomically(file, addOurs, {
      onBeforeRename: once(() => {
        fd = openSync(file, 'w'); // truncates the file we are about to replace
        setTimeout(() => {
          writeSync(fd, theirs);
          closeSync(fd);
        }, 120);
      }),
    });
    expect(readFileSync(file, 'latin1')).toBe(`${theirs}[ours]\nk = 1\n`);
  });

  it('an append through a descriptor opened before our check, written inside the window', async () => {
    writeFileSync(file, USER);
    const fd = openSync(file, 'a');
    await editFileAtomically(file, addOurs, {
      onBeforeRename: once(() => {
        writeSync(fd, '[brand-new]\nk = 4\n');
        closeSync(fd);
      }),
    });
    expect(readFileSync(file, 'latin1')).toBe(`${USER}[brand-new]\nk = 4\n[ours]\nk = 1\n`);
  });

  it('whatever they write, the result is our edit applied to their last version', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }), fc.boolean(), async (original, theirs, inPlace) => {
        writeFileSync(file, original, 'latin1');
        await editFileAtomically(file, (c) => `${c}|ours`, {
          onBeforeRename: once(() => {
            if (inPlace) writeFileSync(file, theirs, 'latin1');
            else {
              const fd = openSync(file, 'a');
              writeSync(fd, theirs);
              closeSync(fd);
            }
          }),
        });
        expect(readFileSync(file, 'latin1')).toBe(`${inPlace ? theirs : original + theirs}|ours`);
      }),
      { numRuns: 60 },
    );
  });

  it('nothing written in the window: one rename, the edit applied once', async () => {
    writeFileSync(file, USER);
    let edits = 0;
    let windows = 0;
    await editFileAtomically(file, (c) => (edits++, addOurs(c)), { onBeforeRename: () => void windows++ });
    expect([edits, windows]).toEqual([1, 1]);
    expect(readFileSync(file, 'latin1')).toBe(`${USER}[ours]\nk = 1\n`);
  });
});
