/**
 * Extending an elevation rewrites one line: the section's marker. Every other byte of the file —
 * the user's sections, comments, CRLF endings, a BOM, the keys under the marker — stays as it was,
 * and a section that now holds another profile's session is left alone.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatMarker, parseMarker } from '../../../electron/core/aws-files/marker';
import { retagSection } from '../../../electron/core/aws-files/marker-retag';
import { managedSectionsIn } from '../../../electron/core/aws-files/section-writer';

const dir = mkdtempSync(join(tmpdir(), 'rolecall-retag-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OLD = { expiresAt: new Date('2030-01-01T12:00:00Z'), source: 'admin', via: 'me', baseline: 'me', until: new Date('2030-01-01T11:00:00Z') };
const NEW = { ...OLD, until: new Date('2030-01-01T11:15:00Z') };

const USER_SECTIONS = ['[work]\nregion = eu-west-1\n', '# my notes\n[other]\naws_access_key_id = AKIAUSER\n  nested =\n    x = 1\n', '; comment only\n', '\n\n', '[profile x]\nregion=us-east-1\n'];
/** The user's sections, each at most once (a repeat is a file botocore refuses), split around ours. */
const surroundings = fc.tuple(fc.shuffledSubarray(USER_SECTIONS), fc.nat({ max: 5 })).map(([all, cut]) => [all.slice(0, cut), all.slice(cut)] as const);

describe('retagSection', () => {
  it('changes only the marker line, whatever surrounds it', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(surroundings, fc.boolean(), fc.boolean(), fc.boolean(), async ([before, after], crlf, bom, unterminated) => {
        const section = `[default]\n${formatMarker(OLD)}\naws_access_key_id = ASIAX\naws_secret_access_key = s\naws_session_token = t\nregion = eu-west-1\n`;
        let text = [...before, section, ...after].join('');
        if (unterminated) text = text.replace(/\n+$/, '');
        if (crlf) text = text.replace(/\n/g, '\r\n');
        if (bom) text = `\uFEFF${text}`;
        const file = join(dir, `credentials-${n++}`);
        writeFileSync(file, text, { mode: 0o600 });
        expect(await retagSection(file, 'default', NEW, { expectSource: 'admin' })).toBe(true);
        const got = readFileSync(file, 'utf8');
        expect(got).toBe(text.replace(formatMarker(OLD), formatMarker(NEW)));
        expect(managedSectionsIn(got).find((s) => s.name === 'default')).toMatchObject({ until: NEW.until, baseline: 'me', source: 'admin' });
        expect(statSync(file).mode & 0o777).toBe(0o600);
      }),
      { numRuns: 40 },
    );
  });

  it('leaves a section that holds another profile\'s session, a user\'s section and a missing one alone', async () => {
    const file = join(dir, 'other');
    const text = `[default]\n${formatMarker({ ...OLD, source: 'readonly' })}\naws_access_key_id = ASIAX\n[work]\naws_access_key_id = AKIAUSER\n`;
    writeFileSync(file, text, { mode: 0o600 });
    expect(await retagSection(file, 'default', NEW, { expectSource: 'admin' })).toBe(false);
    expect(await retagSection(file, 'work', NEW, { expectSource: 'admin' })).toBe(false);
    expect(await retagSection(file, 'absent', NEW, { expectSource: 'admin' })).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(parseMarker(formatMarker(NEW))).toEqual(NEW);
  });
});
