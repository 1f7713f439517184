/**
 * `rolecall env` quoting, held to what real shells do: generated values (any Unicode, quotes,
 * backslashes, `$`, newlines, globs) go through the printed script in sh (dash), bash, zsh and fish,
 * which export them to a child that reports its environment back; every byte must come back. The
 * script also removes a stale AWS_PROFILE. dotenv output is read back with python-dotenv where it
 * is installed (values without backslashes: python-dotenv misreads a trailing `\\`); PowerShell is not installed here, so its rule is checked against its grammar only.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { missing } from '../../fixtures/components';
import type { ExecEnvironment } from '../../../electron/cli/exec/child-env';
import { formatEnvironment, powershellQuote } from '../../../electron/cli/exec/env-format';

const DUMP = `import json, os, sys; print(json.dumps({k: os.environ.get(k) for k in sys.argv[1:]}))`;
const PY = '/usr/bin/python3';

/** A value an environment can hold: no NUL, no lone surrogate. */
const value = fc.string({ unit: fc.oneof(fc.constantFrom("'", '"', '\\', '$', '`', '\n', '\r', '\t', ' ', '*', '!', '%', '{', '}', '(', ';', '#', '~'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 40 }).filter((s) => !s.includes('\0'));

function environmentOf(values: string[]): ExecEnvironment {
  return { set: values.map((v, i) => [`ROLECALL_T${i}`, v] as [string, string]), unset: ['AWS_PROFILE'] };
}

/** Runs the script in `shell`, then a child that prints the named variables as JSON. */
function roundTrip(shell: string, script: string, names: string[]): Record<string, string | null> {
  const dump = [PY, '-c', DUMP, ...names, 'AWS_PROFILE'];
  const body = shell === 'fish' ? `${script}\n${dump.map((a) => `'${a.replace(/[\\']/g, (c) => `\\${c}`)}'`).join(' ')}` : `${script}\n${dump.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')}`;
  const flags = shell === 'fish' ? ['--no-config'] : shell === 'bash' ? ['--norc', '--noprofile'] : [];
  const r = spawnSync(`/usr/bin/${shell}`, [...flags, '-c', body], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', AWS_PROFILE: 'stale', LANG: 'C.UTF-8' }, encoding: 'utf8' });
  expect(r.stderr, shell).toBe('');
  expect(r.status, shell).toBe(0);
  return JSON.parse(r.stdout) as Record<string, string | null>;
}

const SHELLS = [
  ['sh', 'dash', missing()],
  ['sh', 'bash', missing()],
  ['sh', 'zsh', missing('zsh')],
  ['fish', 'fish', missing('fish')],
] as const;

describe('rolecall env --format: what the shell evaluates is exactly the values', () => {
  it.each(SHELLS.filter(([, , skip]) => !skip).map(([format, shell]) => [format, shell]))('%s format through %s', (format, shell) => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 12 }), (values) => {
        const e = environmentOf(values);
        const got = roundTrip(shell, formatEnvironment(e, format), e.set.map(([n]) => n));
        expect(got.AWS_PROFILE).toBeNull();
        for (const [name, v] of e.set) expect(got[name], JSON.stringify(v)).toBe(v);
      }),
      { numRuns: 25 },
    );
  });

  it('dotenv: python-dotenv reads back every value', () => {
    const py = spawnSync('python3', ['-c', 'import dotenv'], { stdio: 'ignore' }).status === 0 ? 'python3' : undefined;
    if (!py) return; // python-dotenv is optional; the shells above are the contract
    fc.assert(
      // python-dotenv's own limits: it cannot parse a value ending in an escaped backslash ("\\"), and
      // it expands `${NAME}` inside any quotes, with no escape for it (AWS credentials never hold `$`)
      fc.property(fc.array(value.filter((v) => !v.includes('\r') && !v.includes('\\') && !v.includes('${')), { minLength: 1, maxLength: 12 }), (values) => {
        const e = environmentOf(values);
        const r = spawnSync(py, ['-c', 'import dotenv, io, json, sys; print(json.dumps(dotenv.dotenv_values(stream=io.StringIO(sys.stdin.read()))))'], { input: formatEnvironment(e, 'dotenv'), encoding: 'utf8' });
        const got = JSON.parse(r.stdout) as Record<string, string>;
        for (const [name, v] of e.set) expect(got[name], JSON.stringify(v)).toBe(v);
      }),
      { numRuns: 50 },
    );
  });

  it('powershell: a verbatim string whose only special characters (the single quotes) are doubled', () => {
    fc.assert(
      fc.property(value, (v) => {
        const q = powershellQuote(v);
        const inner = q.slice(1, -1);
        // read it back by PowerShell's rule: a quote character ends the string unless doubled
        const back = inner.replace(/(['\u2018\u2019\u201a\u201b])\1/g, '$1');
        expect(back).toBe(v);
        expect(inner.replace(/(['\u2018\u2019\u201a\u201b])\1/g, '')).not.toMatch(/['\u2018\u2019\u201a\u201b]/);
      }),
    );
  });

  it('prints removals first, then the values in order, one per line', () => {
    const e: ExecEnvironment = { set: [['AWS_ACCESS_KEY_ID', 'ASIAX'], ['AWS_REGION', 'eu-west-1']], unset: ['AWS_PROFILE'] };
    expect(formatEnvironment(e, 'sh')).toBe("unset AWS_PROFILE\nexport AWS_ACCESS_KEY_ID='ASIAX'\nexport AWS_REGION='eu-west-1'\n");
    expect(formatEnvironment(e, 'fish')).toBe("set -e AWS_PROFILE\nset -gx AWS_ACCESS_KEY_ID 'ASIAX'\nset -gx AWS_REGION 'eu-west-1'\n");
    expect(formatEnvironment(e, 'powershell')).toBe("Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\n$Env:AWS_ACCESS_KEY_ID = 'ASIAX'\n$Env:AWS_REGION = 'eu-west-1'\n");
    expect(formatEnvironment(e, 'dotenv')).toBe('AWS_ACCESS_KEY_ID="ASIAX"\nAWS_REGION="eu-west-1"\n');
  });
});
