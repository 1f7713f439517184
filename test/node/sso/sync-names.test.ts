/**
 * The profile names `rolecall sso sync` writes, checked against the readers that matter: for any
 * account and permission-set names the portal may return, the sections written through the
 * writer are read by botocore's own parser and by the JS SDK's loader as exactly the planned
 * profiles (no two accounts sharing one, every value intact), next to the user's sections.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedSectionsIn } from '../../../electron/core/aws-files/section-writer';
import { readSharedFiles } from '../../../electron/core/aws-files/read';
import type { SsoTokenSource } from '../../../electron/core/sso/config';
import { safeNamePart } from '../../../electron/core/sso/profile-names';
import { planSsoSync, writeSsoSync } from '../../../electron/core/sso/sync';
import { startBotocoreReader, type BotocoreReader } from '../../fixtures/aws-files/botocore-reader';
import { sdkView } from '../../fixtures/aws-files/differential';
import { missing } from '../../fixtures/components';

const source: SsoTokenSource = { sessionName: 'work', startUrl: 'https://d-1234567890.awsapps.com/start', region: 'eu-west-1', scopes: [] };
const USER = '[sso-session work]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n\n[profile mine]\nregion = us-east-1\n';

/** Account names as people type them (spaces, quotes, unicode, brackets); permission sets as AWS allows. */
const accountName = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('dev', 'Prod Account', 'a"b', "o'neil", 'x\\y', '[prod]', 'déploiement', '#ops', ' ', ''));
const roleName = fc.stringMatching(/^[\w+=,.@-]{1,32}$/);
const accounts = fc.uniqueArray(fc.record({ accountId: fc.stringMatching(/^\d{12}$/), accountName, roles: fc.uniqueArray(roleName, { minLength: 1, maxLength: 3 }) }), { selector: (a) => a.accountId, minLength: 1, maxLength: 5 });

describe('safeNamePart', () => {
  it('keeps only characters both readers accept, never an empty run or an edge dash', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const out = safeNamePart(s);
      expect(out).toMatch(/^([A-Za-z0-9_.@+:/]([A-Za-z0-9_.@+:/-]*[A-Za-z0-9_.@+:/])?)?$/);
      expect(out).not.toMatch(/--/);
    }));
  });
});

describe.skipIf(missing('botocore'))('synced profiles read back in botocore and the JS SDK', () => {
  let boto: BotocoreReader;
  beforeAll(() => {
    boto = startBotocoreReader();
  });
  afterAll(() => boto.close());

  it('are exactly the planned profiles, with their values, and the user\'s bytes stay first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecall-sync-names-'));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(accounts, fc.constantFrom('', 'w-', 'team/'), async (list, prefix) => {
        const paths = { configFile: join(dir, `config-${run}`), credentialsFile: join(dir, `credentials-${run++}`) };
        writeFileSync(paths.configFile, USER);
        const files = await readSharedFiles(paths);
        const found = list.map((a) => ({ ...a, emailAddress: '', roles: [...a.roles].sort() }));
        const plan = planSsoSync(files, new Set(), source, found, prefix);
        const expected = plan.entries.filter((e) => e.status === 'new');
        expect(new Set(expected.map((e) => e.profile)).size).toBe(expected.length);
        await writeSsoSync(paths, plan, () => new Date(Date.UTC(2026, 0, 1)));
        const text = readFileSync(paths.configFile, 'utf8');
        expect(text.startsWith(USER)).toBe(true);
        const want: Record<string, Record<string, string>> = { mine: { region: 'us-east-1' } };
        for (const e of expected) want[e.profile] = { sso_session: 'work', sso_account_id: e.accountId, sso_role_name: e.roleName, region: 'eu-west-1' };
        const answer = await boto.read(text, 'config');
        expect(answer.ok && answer.profiles).toEqual(want);
        const sdk = await sdkView(text, 'config');
        expect(!sdk.error && sdk.profiles).toEqual(want);
        // a second plan sees them as Rolecall's and unchanged: nothing more to write
        const again = planSsoSync(await readSharedFiles(paths), new Set(managedSectionsIn(text).map((m) => m.name)), source, found, prefix);
        expect(again.sections).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
