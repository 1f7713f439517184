/**
 * Differential property test: Rolecall and the AWS CLI must agree on which bytes form which profile.
 * Thousands of generated files (ini-variants.ts) are read by botocore's own parser — in one
 * long-lived /usr/bin/python3 process — and by Rolecall's scanner, as a config file and as a
 * credentials file; the two must name the same profiles with the same values, or both refuse the
 * file. The JS SDK's loader reads them too, for the README's table of where it differs.
 *
 * Then the real writer edits generated files on disk: after an upsert or remove of profile P,
 * botocore must read every other profile exactly as before and P as written (or gone) — or the
 * writer must have refused, for a reason botocore confirms (the file does not parse, two sections
 * are P, or the edit would have changed another profile).
 *
 * Deterministic by default; see differential.ts for ROLECALL_DIFF_RUNS / ROLECALL_DIFF_SEED.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMarker } from '../../../electron/core/aws-files/marker';
import { removeSectionText, upsertSectionText } from '../../../electron/core/aws-files/section-text';
import { removeSection, upsertSection } from '../../../electron/core/aws-files/section-writer';
import { startBotocoreReader, type BotocoreAnswer, type BotocoreProfiles, type BotocoreReader } from '../../fixtures/aws-files/botocore-reader';
import { READ_RUNS, SEED, WRITE_RUNS, botocoreView, rolecallView, sameView, sdkView } from '../../fixtures/aws-files/differential';
import { variantFile } from '../../fixtures/aws-files/ini-variants';
import { missing } from '../../fixtures/components';

type Kind = 'config' | 'credentials';
const KINDS: readonly Kind[] = ['config', 'credentials'];
const MARKER = { expiresAt: new Date('2026-11-22T20:00:00Z'), source: 'admin' };
const WRITTEN: Record<Kind, Record<string, string>> = {
  credentials: { aws_access_key_id: 'ASIADIFFERENTIAL0001', aws_secret_access_key: 'wJalr/XUtnFEMI+K7MDENG/bPxRfiCY=EXAMPLE', aws_session_token: 'IQoJb3JpZ2luX2VjEJr//////////wEa==' },
  config: { credential_process: 'rolecall credential-process --profile admin', region: 'eu-west-1' },
};
/** Targets a user can pick; several collide with generated headers in the ways readers differ. */
const TARGETS: Record<Kind, readonly string[]> = {
  credentials: ['default', 'dev', 'target', 't', 'acme.prod', 'café ☕', 'a b', 'profile dev', 'DEFAULT_X'],
  config: ['default', 'dev', 'Dev', 'target', 't', 'acme.prod', 'café', 'x:y', '日本'],
};
const headerFor = (profile: string, kind: Kind): string => (kind === 'credentials' || profile === 'default' ? profile : `profile ${profile}`);
const withoutBom = (text: string): string => text.replace(/^\uFEFF/, '');

let boto: BotocoreReader;
let dir: string;

describe.skipIf(missing('botocore'))(`differential against botocore (seed ${SEED})`, () => {
  beforeAll(() => {
    boto = startBotocoreReader();
    // A file system in memory where there is one: the writer's fsyncs are not what is under test.
    dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'rolecall-diff-'));
    console.info(`botocore differential: seed ${SEED}, ${READ_RUNS} files read, ${WRITE_RUNS} edited (ROLECALL_DIFF_SEED / ROLECALL_DIFF_RUNS change them)`);
  });
  afterAll(async () => {
    await boto?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Rolecall reads the same profiles and values as botocore, or refuses the same files', async () => {
    const seen = { valid: 0, refused: 0, sdkDiffers: 0 };
    await fc.assert(
      fc.asyncProperty(variantFile, async (f) => {
        const answers = await Promise.all(KINDS.map((kind) => boto.read(withoutBom(f.text), kind)));
        for (const [i, kind] of KINDS.entries()) {
          const theirs = botocoreView(answers[i] as BotocoreAnswer);
          expect(rolecallView(f.text, kind), `${kind} file ${JSON.stringify(f.text)}`).toEqual(theirs);
          if (theirs.error) seen.refused++;
          else {
            seen.valid++;
            if (!sameView(await sdkView(f.text, kind), theirs)) seen.sdkDiffers++;
          }
        }
      }),
      { numRuns: READ_RUNS, seed: SEED },
    );
    console.info(`botocore differential: ${seen.valid} readings valid, ${seen.refused} refused by botocore, the JS SDK read ${seen.sdkDiffers} valid ones differently`);
    // Both shapes must be well represented, or the property proves half of what it claims.
    expect(seen.valid).toBeGreaterThan(READ_RUNS * 0.6);
    expect(seen.refused).toBeGreaterThan(READ_RUNS * 0.3);
    expect(seen.sdkDiffers).toBeGreaterThan(READ_RUNS * 0.1);
  });

  it('an upsert or remove of profile P changes nothing else botocore reads, and P as asked — or is refused for a reason botocore confirms', async () => {
    const seen = { written: 0, removed: 0, unparseable: 0, ambiguous: 0, unsafe: 0 };
    let n = 0;
    const edit = fc.record({ kind: fc.constantFrom(...KINDS), pick: fc.nat(), op: fc.constantFrom('upsert', 'remove') });
    await fc.assert(
      fc.asyncProperty(variantFile, edit, async (f, { kind, pick, op }) => {
        const targets = TARGETS[kind];
        const profile = targets[pick % targets.length] as string;
        const header = headerFor(profile, kind);
        const file = join(dir, `file-${n++}`);
        const bytes = Buffer.from(f.text, 'utf8');
        writeFileSync(file, bytes, { mode: 0o600 });
        utimesSync(file, 0, 0); // long settled: the writer waits out a freshly truncated (empty) file
        const body = [formatMarker(MARKER), ...Object.entries(WRITTEN[kind]).map(([k, v]) => `${k} = ${v}`)];
        const run = op === 'upsert' ? upsertSection(file, header, WRITTEN[kind], MARKER, { kind, configFile: null, takeOver: true }) : removeSection(file, header, { kind, force: true });
        const code = await run.then(
          () => undefined,
          (e: { code?: string }) => e.code ?? String(e),
        );
        const after = readFileSync(file);
        rmSync(file);
        const before = await boto.read(withoutBom(f.text), kind);

        if (!before.ok) {
          seen.unparseable++;
          expect(after.equals(bytes)).toBe(true);
          // A remove with nothing to remove writes nothing and need not complain.
          expect(code === 'ConfigMalformed' || (op === 'remove' && code === undefined)).toBe(true);
          return;
        }
        const owners = before.sections.filter(([, p]) => p === profile).map(([s]) => s);
        if (owners.length > 1) {
          seen.ambiguous++;
          expect(code).toBe('ConfigMalformed');
          expect(after.equals(bytes)).toBe(true);
          return;
        }
        if (code === 'ConfigMalformed') {
          // Refused as unsafe: the plain text edit really would change what botocore reads.
          seen.unsafe++;
          expect(after.equals(bytes)).toBe(true);
          const owner = owners[0] ?? header;
          const naive = op === 'upsert' ? upsertSectionText(f.text, owner, body) : removeSectionText(f.text, owner);
          const check = await boto.read(withoutBom(naive), kind);
          expect(check.ok && readsAsAsked(before.profiles, check.profiles, profile, op === 'upsert' ? await expected(f.text, kind) : undefined)).toBe(false);
          return;
        }
        expect(code).toBeUndefined();
        const text = after.toString('utf8');
        if (f.text.startsWith('\uFEFF')) expect(text.startsWith('\uFEFF')).toBe(true);
        const now = await boto.read(withoutBom(text), kind);
        expect(now.ok, `botocore reads the result: ${JSON.stringify(text)}`).toBe(true);
        if (!now.ok) return;
        if (op === 'upsert') seen.written++;
        else seen.removed++;
        const want = op === 'upsert' ? await expected(f.text, kind) : undefined;
        expect(readsAsAsked(before.profiles, now.profiles, profile, want), `${op} ${profile} in ${kind} ${JSON.stringify(f.text)} gave ${JSON.stringify(text)}`).toBe(true);
      }),
      { numRuns: WRITE_RUNS, seed: SEED },
    );
    console.info(`botocore differential (writer): ${JSON.stringify(seen)}`);
    expect(seen.written).toBeGreaterThan(WRITE_RUNS * 0.15);
    expect(seen.removed).toBeGreaterThan(WRITE_RUNS * 0.15);
    expect(seen.unparseable).toBeGreaterThan(WRITE_RUNS * 0.15);
    expect(seen.ambiguous).toBeGreaterThan(0);
  });
});

/**
 * What botocore must read for P after an upsert: the written keys, plus whatever `[DEFAULT]` gives
 * every section — asked of botocore itself through a probe section appended to the original.
 */
async function expected(text: string, kind: Kind): Promise<Record<string, unknown>> {
  const written = WRITTEN[kind];
  if (!text.includes('DEFAULT')) return written;
  const probe = await boto.read(`${withoutBom(text)}\n[${headerFor('rolecall-probe', kind)}]\n`, kind);
  return { ...(probe.ok ? probe.profiles['rolecall-probe'] : {}), ...written };
}

/** Every profile but P reads as before; P reads as `want`, or is gone when `want` is undefined. */
function readsAsAsked(before: BotocoreProfiles, after: BotocoreProfiles, profile: string, want: Record<string, unknown> | undefined): boolean {
  const others = (p: BotocoreProfiles) => Object.fromEntries(Object.entries(p).filter(([name]) => name !== profile));
  const same = JSON.stringify(sorted(others(before))) === JSON.stringify(sorted(others(after)));
  return same && (want === undefined ? !(profile in after) : JSON.stringify(sorted(after[profile])) === JSON.stringify(sorted(want)));
}

function sorted(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  return Object.keys(v)
    .sort()
    .map((k) => [k, sorted((v as Record<string, unknown>)[k])]);
}
