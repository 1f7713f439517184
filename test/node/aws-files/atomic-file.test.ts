import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, chmodSync, lstatSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { editFileAtomically, writeBackup } from '../../../electron/core/aws-files/atomic-file';
import { lockPathFor } from '../../../electron/core/aws-files/file-lock';
import { RolecallError } from '../../../electron/core/errors';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (p: string): number => statSync(p).mode & 0o777;
const append = (line: string) => (current: string) => `${current}${line}\n`;
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid;
const lockBody = (pid: number): string => JSON.stringify({ pid, host: hostname(), at: new Date().toISOString() });

describe('editFileAtomically', () => {
  it('creates the file 0600 and missing folders 0700', async () => {
    const file = join(dir, 'a', 'b', 'credentials');
    const r = await editFileAtomically(file, append('[x]'));
    expect(r).toEqual({ changed: true, text: '[x]\n', backupPath: undefined });
    expect(readFileSync(file, 'utf8')).toBe('[x]\n');
    expect(mode(file)).toBe(0o600);
    expect(mode(join(dir, 'a'))).toBe(0o700);
    expect(mode(join(dir, 'a', 'b'))).toBe(0o700);
  });

  it('tightens an existing group/world-readable file to 0600', async () => {
    const file = join(dir, 'credentials');
    writeFileSync(file, '[a]\n', { mode: 0o644 });
    chmodSync(file, 0o644);
    await editFileAtomically(file, append('k = v'));
    expect(mode(file)).toBe(0o600);
  });

  it('does not touch the file when nothing changes, nor create an empty one', async () => {
    const file = join(dir, 'credentials');
    expect((await editFileAtomically(file, (c) => c)).changed).toBe(false);
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, '[a]\n');
    const ino = statSync(file).ino;
    expect((await editFileAtomically(file, (c) => c)).changed).toBe(false);
    expect(statSync(file).ino).toBe(ino);
  });

  it('keeps bytes that are not valid UTF-8', async () => {
    const file = join(dir, 'credentials');
    const original = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('\r\n[a]\r\n')]);
    writeFileSync(file, original);
    await editFileAtomically(file, append('k = v'));
    const after = readFileSync(file);
    expect(after.subarray(0, original.length).equals(original)).toBe(true);
    expect(after.subarray(original.length).toString()).toBe('k = v\n');
  });

  it('lets errors from the edit through unchanged and leaves no temp or lock file', async () => {
    const file = join(dir, 'credentials');
    writeFileSync(file, '[a]\n');
    const refusal = new RolecallError('SectionNotManaged', 'no');
    await expect(editFileAtomically(file, () => { throw refusal; })).rejects.toBe(refusal);
    const bug = new TypeError('bug');
    await expect(editFileAtomically(file, () => { throw bug; })).rejects.toBe(bug);
    expect(readFileSync(file, 'utf8')).toBe('[a]\n');
    expect(readdirSync(dir)).toEqual(['credentials']);
  });

  it('re-applies the edit when another tool changed the file before the rename', async () => {
    const file = join(dir, 'credentials');
    writeFileSync(file, '[a]\n');
    const seen: string[] = [];
    await editFileAtomically(file, (current) => {
      seen.push(current);
      // Another tool (which ignores our lock) writes while we compute.
      if (seen.length === 1) writeFileSync(file, '[a]\n[cli]\nk = 1\n');
      return `${current}[ours]\n`;
    });
    expect(seen).toEqual(['[a]\n', '[a]\n[cli]\nk = 1\n']);
    expect(readFileSync(file, 'utf8')).toBe('[a]\n[cli]\nk = 1\n[ours]\n');
  });

  it('gives up with FileWriteFailed when the file never stops changing', async () => {
    const file = join(dir, 'credentials');
    let n = 0;
    const edit = (current: string): string => {
      writeFileSync(file, `# ${n++}\n`);
      return `${current}x\n`;
    };
    await expect(editFileAtomically(file, edit, { maxAttempts: 3 })).rejects.toMatchObject({ code: 'FileWriteFailed' });
    expect(n).toBe(3);
  });

  it('serialises concurrent edits in one process (nothing lost)', async () => {
    const file = join(dir, 'credentials');
    await Promise.all(Array.from({ length: 20 }, (_, i) => editFileAtomically(file, append(`line ${i}`))));
    const lines = readFileSync(file, 'utf8').trim().split('\n').sort();
    expect(lines).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i}`).sort());
  });

  it('replaces the target of a symlink and keeps the link', async () => {
    const real = join(dir, 'dotfiles-credentials');
    const link = join(dir, 'credentials');
    writeFileSync(real, '[a]\n');
    symlinkSync(real, link);
    await editFileAtomically(link, append('k = v'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('[a]\nk = v\n');
  });

  it('writes a backup of the replaced content when asked', async () => {
    const file = join(dir, 'credentials');
    writeFileSync(file, '[mine]\nk = v\n');
    const at = new Date('2026-11-22T19:30:00.123Z');
    const r = await editFileAtomically(file, (c) => ({ text: '[new]\n', backup: c.includes('[mine]') }), { backupAt: () => at });
    expect(r.backupPath).toBe(`${file}.rolecall-backup-20261122T193000Z`);
    expect(readFileSync(r.backupPath as string, 'utf8')).toBe('[mine]\nk = v\n');
    expect(mode(r.backupPath as string)).toBe(0o600);
  });

  it('writes no backup for a missing file or an unchanged one', async () => {
    const file = join(dir, 'credentials');
    expect((await editFileAtomically(file, () => ({ text: '[new]\n', backup: true }))).backupPath).toBeUndefined();
    expect((await editFileAtomically(file, (c) => ({ text: c, backup: true }))).backupPath).toBeUndefined();
    expect(readdirSync(dir)).toEqual(['credentials']);
  });
});

describe('lock', () => {
  it('fails with FileLocked while a live process holds a fresh lock', async () => {
    const file = join(dir, 'credentials');
    writeFileSync(lockPathFor(file), lockBody(process.pid));
    const err = await editFileAtomically(file, append('x'), { timeoutMs: 60 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RolecallError);
    expect((err as RolecallError).code).toBe('FileLocked');
    expect(existsSync(file)).toBe(false);
  });

  it('takes over at once a lock whose owner is dead (a SIGKILLed writer)', async () => {
    const file = join(dir, 'credentials');
    writeFileSync(lockPathFor(file), lockBody(deadPid()));
    await editFileAtomically(file, append('x'), { timeoutMs: 60 });
    expect(readFileSync(file, 'utf8')).toBe('x\n');
    expect(existsSync(lockPathFor(file))).toBe(false);
  });

  it('takes over an old lock even with a live or unknown owner, by age', async () => {
    const file = join(dir, 'credentials');
    writeFileSync(lockPathFor(file), 'not json');
    await expect(editFileAtomically(file, append('x'), { timeoutMs: 60 })).rejects.toMatchObject({ code: 'FileLocked' });
    // Same lock seen from 11 s later (injected clock), and a lock whose mtime really is old.
    await editFileAtomically(file, append('x'), { timeoutMs: 60, now: () => Date.now() + 11_000 });
    writeFileSync(lockPathFor(file), lockBody(process.pid));
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPathFor(file), old, old);
    await editFileAtomically(file, append('y'), { timeoutMs: 60 });
    expect(readFileSync(file, 'utf8')).toBe('x\ny\n');
  });

  it('cleans up temp files left by killed writers, but not those of live ones', async () => {
    const file = join(dir, 'credentials');
    const dead = `credentials.rolecall-tmp-${deadPid()}-abcdef`;
    const live = `credentials.rolecall-tmp-${process.pid}-abcdef`;
    writeFileSync(join(dir, dead), 'partial');
    writeFileSync(join(dir, live), 'in progress');
    await editFileAtomically(file, append('x'));
    expect(readdirSync(dir).sort()).toEqual(['credentials', live]);
  });
});

describe('writeBackup', () => {
  it('copies bytes to a timestamped 0600 file and never overwrites an earlier backup', async () => {
    const file = join(dir, 'credentials');
    writeFileSync(file, Buffer.from([0x5b, 0x61, 0x5d, 0xff, 0x0a]), { mode: 0o644 });
    const now = new Date('2026-11-22T19:30:00Z');
    const first = await writeBackup(file, now);
    const second = await writeBackup(file, now);
    expect(first).toBe(`${file}.rolecall-backup-20261122T193000Z`);
    expect(second).toBe(`${file}.rolecall-backup-20261122T193000Z-1`);
    expect(readFileSync(first).equals(readFileSync(file))).toBe(true);
    expect(mode(first)).toBe(0o600);
  });

  it('reports a missing file as FileWriteFailed', async () => {
    await expect(writeBackup(join(dir, 'nope'), new Date())).rejects.toMatchObject({ code: 'FileWriteFailed' });
  });
});
