/**
 * Property: for ≥ 2,000 generated files per run, upsert and remove change nothing outside the target
 * section. "Outside" is exact: the output is `before + X + after`, where `before`/`after` are the
 * bytes the generator placed before and after the target (header through last content line), X is
 * the new section (or nothing, for remove). The only other change allowed is the one boundary byte
 * sequence: when appending to a file whose last line has no newline, that line gets one.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { externalDataInterceptor, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { removeSectionText, upsertSectionText } from '../../../electron/core/aws-files/section-text';
import { formatMarker } from '../../../electron/core/aws-files/marker';
import { generatedFile } from '../../fixtures/aws-files/generated-files';

const KEYS = {
  aws_access_key_id: 'ASIAEXAMPLEEXAMPLE12',
  aws_secret_access_key: 'wJalr/XUtnFEMI+K7MDENG/bPxRfiCY=EXAMPLE',
  aws_session_token: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==',
};
const BODY = [formatMarker({ expiresAt: new Date('2026-11-22T20:00:00Z'), source: 'admin' }), ...Object.entries(KEYS).map(([k, v]) => `${k} = ${v}`)];

/**
 * The ending the writer must use, computed independently: the majority among the kept bytes (more
 * CRLF than bare LF → CRLF), else among the old section's, else LF.
 */
function dominant(kept: string, old: string): string {
  for (const text of [kept, old]) {
    const crlf = (text.match(/\r\n/g) ?? []).length;
    const lf = (text.match(/\n/g) ?? []).length - crlf;
    if (crlf + lf > 0) return crlf > lf ? '\r\n' : '\n';
  }
  return '\n';
}

/** Where the JS SDK files a credentials section of this name (its `prefix name` rule). */
function sdkKey(name: string): string {
  const m = /^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$/.exec(name);
  return m ? `${m[1]}.${m[3]}` : name;
}

let n = 0;
/** Parses text with the JS SDK's own loader, through its file interceptor (no disk I/O). */
async function sdkParse(text: string): Promise<Record<string, Record<string, string | undefined>>> {
  const path = `/virtual/rolecall-property-${n++}`;
  externalDataInterceptor.interceptFile(path, text);
  const { credentialsFile } = await loadSharedConfigFiles({ filepath: path, configFilepath: `${path}-config`, ignoreCache: true });
  return credentialsFile;
}

/** The parse minus the target (filed by the SDK under its own key for prefixed names). */
function without<T extends object>(record: T, name: string): T {
  const copy = { ...record } as Record<string, unknown>;
  for (const k of Object.keys(copy)) if (k === sdkKey(name) || k === name) delete copy[k];
  return copy as T;
}

describe('section writer text layer — property', () => {
  it('keeps every byte outside the target, is idempotent, and re-parses with our keys', async () => {
    externalDataInterceptor.interceptFile('/virtual/none', '');
    let withTarget = 0;
    await fc.assert(
      fc.asyncProperty(generatedFile, async (f) => {
        const eol = dominant(f.before + f.after, f.target);
        const section = (lastEol: string): string => [`[${f.targetName}]`, ...BODY].join(eol) + lastEol;
        const up = upsertSectionText(f.text, f.targetName, BODY);
        const removed = removeSectionText(f.text, f.targetName);

        if (f.target !== '') {
          withTarget++;
          const lastEol = f.after === '' && !f.target.endsWith('\n') ? '' : eol;
          expect(up).toBe(f.before + section(lastEol) + f.after);
          expect(removed).toBe(f.before + f.after);
        } else {
          const unterminated = f.before.replace(/^\uFEFF/, '') !== '' && !f.before.endsWith('\n');
          expect(up).toBe(f.before + (unterminated ? eol : '') + section(eol));
          expect(removed).toBe(f.text);
        }

        expect(upsertSectionText(up, f.targetName, BODY)).toBe(up);
        expect(removeSectionText(removed, f.targetName)).toBe(removed);
        expect(removeSectionText(up, f.targetName)).toBe(f.target === '' ? up.slice(0, up.length - section(eol).length) : removed);

        const key = sdkKey(f.targetName);
        const [original, parsedUp, parsedRemoved] = await Promise.all([sdkParse(f.text), sdkParse(up), sdkParse(removed)]);
        expect(parsedUp[key]).toEqual(KEYS);
        expect(without(parsedUp, f.targetName)).toEqual(without(original, f.targetName));
        expect(parsedRemoved[key]).toBeUndefined();
        expect(parsedRemoved).toEqual(without(original, f.targetName));
      }),
      { numRuns: 2500 },
    );
    // The generator must exercise both shapes, or the property proves half of what it claims.
    expect(withTarget).toBeGreaterThan(500);
    expect(withTarget).toBeLessThan(2300);
  });
});
