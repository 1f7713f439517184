/**
 * The README's table of where botocore (the AWS CLI) and the JS SDK read the same file differently,
 * checked live: each row asks botocore's own parser and the SDK's own loader, and Rolecall must read
 * it as botocore does. The generated variants of each class run in botocore-differential.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotocoreReader, type BotocoreReader } from '../../fixtures/aws-files/botocore-reader';
import { botocoreView, rolecallView, sdkView, type View } from '../../fixtures/aws-files/differential';
import { missing } from '../../fixtures/components';

const ok = (profiles: Record<string, Record<string, string>>): View => ({ error: false, profiles });
const refused: View = { error: true };

/** [README row, file kind, file text, botocore's reading, the JS SDK's reading]. */
const ROWS: Array<[string, 'config' | 'credentials', string, View, View]> = [
  ['[profile  dev] (two spaces)', 'config', '[profile  dev]\nregion = eu-west-1\n', ok({ dev: { region: 'eu-west-1' } }), ok({})],
  ['[profile café] (a name outside [A-Za-z0-9_-@+.%:/])', 'config', '[profile café]\nregion = eu-west-1\n', ok({ café: { region: 'eu-west-1' } }), ok({})],
  ['[profiledev x] (glued prefix)', 'config', '[profiledev x]\nregion = eu-west-1\n', ok({ x: { region: 'eu-west-1' } }), ok({})],
  ['[profile dev] in the credentials file', 'credentials', '[profile dev]\nregion = eu-west-1\n', ok({ 'profile dev': { region: 'eu-west-1' } }), ok({ 'profile.dev': { region: 'eu-west-1' } })],
  ['[default] and [profile default]', 'config', '[profile default]\nregion = a\n[default]\nregion = b\n', ok({ default: { region: 'b' } }), ok({ default: { region: 'a' } })],
  ['k = v # comment', 'credentials', '[dev]\nregion = eu-west-1 # Ireland\n', ok({ dev: { region: 'eu-west-1 # Ireland' } }), ok({ dev: { region: 'eu-west-1' } })],
  ['[dev] text after the bracket', 'credentials', '[a]\nk = 1\n[dev] mine\nregion = eu-west-1\n', ok({ a: { k: '1' }, dev: { region: 'eu-west-1' } }), ok({ a: { k: '1', region: 'eu-west-1' } })],
  ['k: v (colon separator)', 'credentials', '[dev]\nregion: eu-west-1\nrole_arn: arn:aws:iam::1:role/r = x\n', ok({ dev: { region: 'eu-west-1', role_arn: 'arn:aws:iam::1:role/r = x' } }), ok({ dev: { 'role_arn: arn:aws:iam::1:role/r': 'x' } })],
  ['k = (empty value)', 'credentials', '[dev]\noutput =\nregion = eu-west-1\n', ok({ dev: { output: '', region: 'eu-west-1' } }), ok({ dev: { region: 'eu-west-1' } })],
  ['an indented line after k = v', 'credentials', '[dev]\nregion = eu-west-1\n  output = json\n', ok({ dev: { region: 'eu-west-1\noutput = json' } }), ok({ dev: { region: 'eu-west-1', output: 'json' } })],
  ['an indented [header] after a key', 'credentials', '[dev]\nregion = eu-west-1\n  [prod]\nk = v\n', ok({ dev: { region: 'eu-west-1\n[prod]', k: 'v' } }), ok({ dev: { region: 'eu-west-1' }, prod: { k: 'v' } })],
  ['a lone CR as line ending', 'credentials', '[dev]\rregion = eu-west-1\r[prod]\rregion = us-east-1\r', ok({ dev: { region: 'eu-west-1' }, prod: { region: 'us-east-1' } }), ok({})],
  ['[dev]\\x1c (Python whitespace JS does not trim)', 'credentials', '[dev]\x1c\nk = v\n', ok({ dev: { k: 'v' } }), ok({})],
  ['[DEFAULT]', 'credentials', '[DEFAULT]\nregion = eu-west-1\n[dev]\nk = v\n', ok({ dev: { k: 'v', region: 'eu-west-1' } }), ok({ DEFAULT: { region: 'eu-west-1' }, dev: { k: 'v' } })],
  ['a section twice', 'credentials', '[dev]\na = 1\n[dev]\nb = 2\n', refused, ok({ dev: { a: '1', b: '2' } })],
  ['a key twice (any case)', 'credentials', '[dev]\nregion = a\nRegion = b\n', refused, ok({ dev: { region: 'b' } })],
  ['a key before any header', 'credentials', 'region = a\n[dev]\nk = v\n', refused, ok({ dev: { k: 'v' } })],
  ['a nested block line without =', 'config', '[default]\ns3 =\n  addressing_style: path\n', refused, ok({})],
];

let boto: BotocoreReader;

describe.skipIf(missing('botocore'))('where botocore and the JS SDK disagree, Rolecall reads as botocore (README table)', () => {
  beforeAll(() => {
    boto = startBotocoreReader();
  });
  afterAll(() => boto?.close());

  it.each(ROWS)('%s', async (_row, kind, text, botocore, sdk) => {
    expect(botocoreView(await boto.read(text, kind))).toEqual(botocore);
    expect(await sdkView(text, kind)).toEqual(sdk);
    expect(rolecallView(text, kind)).toEqual(botocore);
  });

  it('agree on space inside brackets: [ dev ] is the profile " dev " (Rolecall used to read dev)', async () => {
    const text = '[ dev ]\nk = v\n';
    expect(botocoreView(await boto.read(text, 'credentials'))).toEqual(ok({ ' dev ': { k: 'v' } }));
    expect(await sdkView(text, 'credentials')).toEqual(ok({ ' dev ': { k: 'v' } }));
    expect(rolecallView(text, 'credentials')).toEqual(ok({ ' dev ': { k: 'v' } }));
  });

  it('a BOM: botocore refuses the file, the SDK skips the mark; Rolecall reads past it and keeps it when writing', async () => {
    const text = '\uFEFF[dev]\nk = v\n';
    expect(botocoreView(await boto.read(text, 'credentials'))).toEqual(refused);
    expect(await sdkView(text, 'credentials')).toEqual(ok({ dev: { k: 'v' } }));
    expect(rolecallView(text, 'credentials')).toEqual(ok({ dev: { k: 'v' } }));
    expect(botocoreView(await boto.read(text.slice(1), 'credentials'))).toEqual(ok({ dev: { k: 'v' } }));
  });
});
