/**
 * The writer against real-world files, on disk: composed from a corpus (the AWS CLI's own output,
 * hand edits with odd spacing, CRLF, BOM, sections named like ours, duplicate keys and sections),
 * every upsert and remove keeps each byte outside Rolecall's section, a second identical upsert
 * does not rewrite the file, and a user's own section of that name is refused with the file
 * untouched. Plus a ~2 MB file, where the same holds.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMarker } from '../../electron/core/aws-files/marker';
import { readSectionKeys } from '../../electron/core/aws-files/section-text';
import { removeSection, upsertSection } from '../../electron/core/aws-files/section-writer';
import { missing } from '../fixtures/components';
import { FREE_TARGETS, HAND_CHUNKS, UNPARSEABLE_CHUNKS, USER_OWNED, awsWrittenChunks } from './corpus';

const KEYS = {
  aws_access_key_id: 'ASIARELIABILITY00001',
  aws_secret_access_key: 'wJalr/XUtnFEMI+K7MDENG/bPxRfiCY=EXAMPLE',
  aws_session_token: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==',
};
const MARKER = { expiresAt: new Date('2026-11-22T20:00:00Z'), source: 'admin' };
const OLD_SECTION = (header: string) => `${header}\n${formatMarker({ expiresAt: new Date('2026-11-22T19:00:00Z'), source: 'old' })}\naws_access_key_id = ASIAOLD\naws_secret_access_key = old\naws_security_token = stale\n`;

let dir: string;
let corpus: string[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-corpus-files-'));
  corpus = [...HAND_CHUNKS, ...(missing('aws-cli') ? [] : await awsWrittenChunks())];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
let n = 0;
const fileWith = (bytes: string): string => {
  const file = join(dir, `credentials-${n++}`);
  writeFileSync(file, Buffer.from(bytes, 'utf8'), { mode: 0o600 });
  return file;
};
const read = (file: string) => readFileSync(file).toString('utf8');

/** A file model: chunk order, endings, BOM, final newline, and where (if anywhere) our old section sits. */
const model = fc.record({
  picks: fc.array(fc.nat(), { maxLength: 8 }),
  endings: fc.constantFrom('lf', 'crlf', 'mixed'),
  mixSeed: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  target: fc.constantFrom(...FREE_TARGETS),
  oldAt: fc.option(fc.nat(), { nil: undefined }),
  oldHeader: fc.constantFrom('[NAME]', '[NAME]\t', '[NAME]  # ours'),
});

describe('section writer over the real-world corpus', () => {
  it('upsert / re-upsert / remove never change a byte outside our section', async () => {
    const aws = corpus.length > HAND_CHUNKS.length;
    let withOld = 0;
    let viaAwsCli = 0;
    await fc.assert(
      fc.asyncProperty(model, async (m) => {
        // Each chunk at most once: a repeated chunk repeats its sections, which botocore refuses to parse.
        const chunks = [...new Set(m.picks.map((p) => p % corpus.length))].map((p) => corpus[p]!).map((c, i) => (m.endings === 'crlf' || (m.endings === 'mixed' && m.mixSeed[i % 16]) ? crlf(c) : c));
        if (aws && chunks.some((c) => c.includes('cli-a'))) viaAwsCli++;
        const ours = m.oldAt === undefined ? undefined : OLD_SECTION(m.oldHeader.replace('NAME', m.target));
        const at = m.oldAt === undefined ? -1 : m.oldAt % (chunks.length + 1);
        let before = (m.bom ? '\uFEFF' : '') + chunks.slice(0, Math.max(at, 0)).join('');
        let after = at === -1 ? '' : chunks.slice(at).join('');
        if (!m.finalNewline) {
          if (after !== '') after = after.replace(/\r?\n$/, '');
          else if (at === -1) before = before.replace(/\r?\n$/, '');
        }
        const old = ours === undefined ? '' : !m.finalNewline && after === '' ? ours.replace(/\n$/, '') : ours;
        const text = before + old + after;
        const file = fileWith(text);

        await upsertSection(file, m.target, KEYS, MARKER, { configFile: null });
        const up = read(file);
        expect(readSectionKeys(up, m.target)).toEqual(KEYS);
        if (ours !== undefined) {
          withOld++;
          expect(up.startsWith(before)).toBe(true);
          expect(up.endsWith(after)).toBe(true);
          expect(up.length).toBeGreaterThan(before.length + after.length);
          expect(up.slice(before.length, up.length - after.length)).not.toMatch(/aws_security_token|ASIAOLD/);
        } else {
          const unterminated = text.replace(/^\uFEFF/, '') !== '' && !/\n$/.test(text);
          expect(up.startsWith(text)).toBe(true);
          if (unterminated) expect(up.slice(text.length)).toMatch(/^\r?\n\[/);
        }

        // the same keys again: nothing to do, so the file is not even rewritten
        const inode = statSync(file).ino;
        await upsertSection(file, m.target, KEYS, MARKER, { configFile: null });
        expect(read(file)).toBe(up);
        expect(statSync(file).ino).toBe(inode);

        const { removed } = await removeSection(file, m.target);
        expect(removed).toBe(true);
        const gone = read(file);
        if (ours !== undefined) expect(gone).toBe(before + after);
        else expect(gone).toBe(/\n$/.test(text) || text.replace(/^\uFEFF/, '') === '' ? text : up.slice(0, up.indexOf('[', text.length)));
        expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
        rmSync(file);
      }),
      { numRuns: 250 },
    );
    expect(withOld).toBeGreaterThan(50);
    if (aws) expect(viaAwsCli).toBeGreaterThan(20);
  });

  it("refuses a user's own section of the target's name and leaves the file byte-identical", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.constantFrom(...Object.keys(USER_OWNED)), fc.boolean(), async (picks, name, windows) => {
        const others = corpus.filter((c) => !c.includes(`[${name}]`)); // a second copy would be a duplicate section
        const chunks = [...[...new Set(picks.map((p) => p % others.length))].map((p) => others[p]!), HAND_CHUNKS.find((c) => c.includes(`[${name}]`))!];
        const text = chunks.map((c) => (windows ? crlf(c) : c)).join('');
        const file = fileWith(text);
        const up = await upsertSection(file, USER_OWNED[name]!, KEYS, MARKER, { configFile: null }).then(
          () => 'written',
          (e: { code?: string }) => e.code,
        );
        expect(up).toBe('SectionNotManaged');
        const rm = await removeSection(file, USER_OWNED[name]!).then(
          () => 'removed',
          (e: { code?: string }) => e.code,
        );
        expect(rm).toBe('SectionNotManaged');
        expect(readFileSync(file).toString('latin1')).toBe(Buffer.from(text, 'utf8').toString('latin1'));
        rmSync(file);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses to edit a file the AWS CLI cannot parse, naming the line, and leaves it byte-identical', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 5 }), fc.nat(), fc.constantFrom(...FREE_TARGETS), fc.boolean(), async (picks, bad, target, windows) => {
        const chunks = [...new Set(picks.map((p) => p % corpus.length))].map((p) => corpus[p]!);
        chunks.splice(bad % (chunks.length + 1), 0, UNPARSEABLE_CHUNKS[bad % UNPARSEABLE_CHUNKS.length]!);
        const text = chunks.map((c) => (windows ? crlf(c) : c)).join('');
        const file = fileWith(text);
        const e = await upsertSection(file, target, KEYS, MARKER, { configFile: null, takeOver: true }).then(
          () => undefined,
          (err: { code?: string; message?: string }) => err,
        );
        expect(e?.code).toBe('ConfigMalformed');
        expect(e?.message).toMatch(/on line \d+, .*appears a second time.*Unable to parse config file/);
        expect(readFileSync(file).equals(Buffer.from(text, 'utf8'))).toBe(true);
        rmSync(file);
      }),
      { numRuns: 60 },
    );
  });

  it('a ~2 MB file with 21,000 sections: our section in the middle is rewritten and removed, every other byte kept', async () => {
    const parts: string[] = [];
    for (let i = 0; i < 21_000; i++) {
      const c = HAND_CHUNKS[i % HAND_CHUNKS.length]!.replace(/^\[([^\]\n]+)\]/gm, (_h, name: string) => `[${name.trim()}-${i}]`);
      parts.push(i % 3 === 0 ? crlf(c) : c);
    }
    const half = parts.length / 2;
    const before = `\uFEFF${parts.slice(0, half).join('')}`;
    const after = parts.slice(half).join('');
    const text = before + OLD_SECTION('[target]') + after;
    expect(text.length).toBeGreaterThan(2_000_000);
    const file = fileWith(text);
    await upsertSection(file, 'target', KEYS, MARKER, { configFile: null });
    const up = read(file);
    expect(up.startsWith(before)).toBe(true);
    expect(up.endsWith(after)).toBe(true);
    expect(readSectionKeys(up, 'target')).toEqual(KEYS);
    await removeSection(file, 'target');
    expect(readFileSync(file).equals(Buffer.from(before + after, 'utf8'))).toBe(true);
  });
});
