import { describe, expect, it } from 'vitest';
import {
  listSectionsText,
  readSectionKeys,
  removeKeysInSectionText,
  removeSectionText,
  sectionState,
  upsertSectionText,
} from '../../../electron/core/aws-files/section-text';
import { bomOf, countEndings, linesIn, majorityEnding } from '../../../electron/core/aws-files/ini-lines';

const BODY = ['# rolecall:managed expires=2026-11-22T20:00:00Z', 'aws_access_key_id = ASIANEW'];
const NEW = '[foo]\n# rolecall:managed expires=2026-11-22T20:00:00Z\naws_access_key_id = ASIANEW\n';

describe('line model', () => {
  it.each(['', 'a', 'a\n', 'a\r\nb', '\uFEFF[x]\r\n', '\r\n\r\n', 'a\rb\n', '\u00EF\u00BB\u00BF[x]', 'x\r'])('cuts %j into lines that give the text back', (t) => {
    const bom = bomOf(t);
    expect(bom + linesIn(t, bom.length, t.length).map((l) => l.whole).join('')).toBe(t);
  });

  it('ends a line at a lone CR too, as botocore (universal newlines) does, and strips the ending from the content', () => {
    expect(linesIn('a\rb\r\nc\nd', 0, 8).map((l) => l.content)).toEqual(['a', 'b', 'c', 'd']);
    expect(linesIn('a\rb\r\nc\nd', 0, 8).map((l) => l.whole)).toEqual(['a\r', 'b\r\n', 'c\n', 'd']);
  });

  it('picks the majority ending, LF on ties, none for files without any', () => {
    const ending = (t: string) => majorityEnding(countEndings(t, 0, t.length));
    expect(ending('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(ending('a\r\nb\n')).toBe('\n');
    expect(ending('\nb')).toBe('\n');
    expect(ending('abc')).toBeUndefined();
  });
});

describe('upsertSectionText', () => {
  it('creates the first section of an empty file', () => {
    expect(upsertSectionText('', 'foo', BODY)).toBe(NEW);
    expect(upsertSectionText('', 'foo', BODY, '\r\n')).toBe(NEW.replace(/\n/g, '\r\n'));
  });

  it('appends after everything, terminating a last line that had no newline', () => {
    expect(upsertSectionText('[a]\nk = v', 'foo', BODY)).toBe(`[a]\nk = v\n${NEW}`);
    expect(upsertSectionText('[a]\nk = v\n# tail', 'foo', BODY)).toBe(`[a]\nk = v\n# tail\n${NEW}`);
  });

  it('uses the file’s own CRLF endings for the lines it adds', () => {
    const crlf = '[a]\r\nk = v\r\n';
    expect(upsertSectionText(crlf, 'foo', BODY)).toBe(crlf + NEW.replace(/\n/g, '\r\n'));
  });

  it('keeps a UTF-8 BOM in front, also when the target is the first section', () => {
    const t = '\uFEFF[foo]\nold = 1\n[b]\nk = v\n';
    expect(upsertSectionText(t, 'foo', BODY)).toBe(`\uFEFF${NEW}[b]\nk = v\n`);
    expect(removeSectionText(t, 'foo')).toBe('\uFEFF[b]\nk = v\n');
  });

  it('replaces only header..last content line; comments before and after stay put', () => {
    const t = '# about a\n[a]\nk = v\n\n# about foo\n[foo]\n; mine\nold = 1\n  # indented\n\n# about b\n[b]\nk = v\n';
    expect(upsertSectionText(t, 'foo', BODY)).toBe(`# about a\n[a]\nk = v\n\n# about foo\n${NEW}  # indented\n\n# about b\n[b]\nk = v\n`);
  });

  it('matches headers with space around the brackets or text after them, and rewrites them canonically', () => {
    for (const header of ['  [foo]\t', '[foo] # mine', '[foo]\t; mine', '[foo] junk botocore ignores']) {
      expect(upsertSectionText(`${header}\nold = 1\n`, 'foo', BODY)).toBe(NEW);
    }
  });

  it('never matches a header with space inside the brackets: botocore reads [ foo ] as the profile " foo "', () => {
    for (const header of ['[ foo ]', '[ foo]', '[foo ]', '[\tfoo]']) {
      const t = `${header}\nold = 1\n`;
      expect(upsertSectionText(t, 'foo', BODY)).toBe(t + NEW);
      expect(sectionState(t, 'foo').exists).toBe(false);
    }
  });

  it('never matches a different name (case, prefix, dots, substrings, commented headers)', () => {
    const t = '[Foo]\nk = 1\n[profile foo]\nk = 2\n[foo.bar]\nk = 3\n[foox]\nk = 4\n#[foo]\n';
    expect(upsertSectionText(t, 'foo', BODY)).toBe(t + NEW);
    expect(sectionState(t, 'foo').exists).toBe(false);
  });

  it('collapses duplicate target sections into one (botocore rejects duplicates)', () => {
    const t = '[foo]\na = 1\n[b]\nk = v\n[foo]\nc = 3\n# end\n';
    expect(upsertSectionText(t, 'foo', BODY)).toBe(`${NEW}[b]\nk = v\n# end\n`);
    expect(removeSectionText(t, 'foo')).toBe('[b]\nk = v\n# end\n');
  });

  it('treats nested blocks as part of their section', () => {
    const t = '[foo]\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path\n[b]\ns3 =\n  x = 1\n';
    expect(upsertSectionText(t, 'foo', BODY)).toBe(`${NEW}[b]\ns3 =\n  x = 1\n`);
    expect(upsertSectionText(t, 'b', BODY)).toBe(`[foo]\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path\n${NEW.replace('[foo]', '[b]')}`);
  });

  it('keeps a missing final newline when the target is the last section', () => {
    expect(upsertSectionText('[a]\nk = v\n[foo]\nold = 1', 'foo', BODY)).toBe(`[a]\nk = v\n${NEW.slice(0, -1)}`);
  });

  it('handles dotted and unicode names', () => {
    const t = '[profile acme.prod]\nregion = eu-west-1\n[café ☕]\nk = v\n';
    expect(upsertSectionText(t, 'profile acme.prod', BODY)).toBe(`${NEW.replace('[foo]', '[profile acme.prod]')}[café ☕]\nk = v\n`);
    expect(removeSectionText(t, 'café ☕')).toBe('[profile acme.prod]\nregion = eu-west-1\n');
  });

  it('is idempotent', () => {
    const t = '# x\r\n[a]\r\nk = v';
    const once = upsertSectionText(t, 'foo', BODY);
    expect(upsertSectionText(once, 'foo', BODY)).toBe(once);
  });

  it('sees a section made only of a marker as managed and replaces the marker', () => {
    const t = '[foo]\n# rolecall:managed\n\n# next\n[b]\n';
    expect(sectionState(t, 'foo')).toEqual({ exists: true, managed: true });
    expect(upsertSectionText(t, 'foo', BODY)).toBe(`${NEW}\n# next\n[b]\n`);
  });
});

describe('removeSectionText', () => {
  it('returns the very same text when the section is absent', () => {
    const t = '[a]\nk = v';
    expect(removeSectionText(t, 'foo')).toBe(t);
  });

  it('leaves trailing comments to what follows, and a last section goes with its unterminated line', () => {
    expect(removeSectionText('[a]\nk = v\n[foo]\nx = 1\n# about b\n[b]\n', 'foo')).toBe('[a]\nk = v\n# about b\n[b]\n');
    expect(removeSectionText('[a]\r\nk = v\r\n[foo]\r\nx = 1', 'foo')).toBe('[a]\r\nk = v\r\n');
  });
});

describe('removeKeysInSectionText', () => {
  const t = '[other]\naws_access_key_id = KEEP\n[foo]\n# my keys\nAWS_Access_Key_ID = AKIA1\naws_secret_access_key=S\nregion = eu-west-1\naws_security_token = T\ns3 =\n  aws_access_key_id = nested\n# end\n';

  it('removes top-level keys case-insensitively and keeps comments, other keys and nested blocks', () => {
    const out = removeKeysInSectionText(t, 'foo', ['aws_access_key_id', 'aws_secret_access_key', 'aws_security_token']);
    expect(out).toBe('[other]\naws_access_key_id = KEEP\n[foo]\n# my keys\nregion = eu-west-1\ns3 =\n  aws_access_key_id = nested\n# end\n');
  });

  it('removes a nested block with its opener', () => {
    expect(removeKeysInSectionText(t, 'foo', ['s3'])).toBe(t.replace('s3 =\n  aws_access_key_id = nested\n', ''));
  });
});

describe('readSectionKeys / listSectionsText', () => {
  it('reads keys lower-cased, nested ones as parent.child', () => {
    const t = '[foo]\nRegion = eu\ns3 =\n  max = 2\nk = v # not a comment for botocore\n';
    expect(readSectionKeys(t, 'foo')).toEqual({ region: 'eu', s3: '', 's3.max': '2', k: 'v # not a comment for botocore' });
    expect(readSectionKeys(t, 'bar')).toBeUndefined();
  });

  it('lists sections with their markers', () => {
    const t = '[a]\nk = v\n[ b ]\n# rolecall:managed expires=2030-01-01T00:00:00Z source=dev\nk = v\n';
    expect(listSectionsText(t)).toEqual([
      { name: 'a', marker: undefined },
      { name: ' b ', marker: { expiresAt: new Date('2030-01-01T00:00:00Z'), source: 'dev' } },
    ]);
  });
});
