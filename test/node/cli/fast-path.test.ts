/**
 * `rolecall credential-process` may run many times a minute (the AWS CLI starts it per call): when
 * the app answers it must load only its own small chunks — not the help texts or completion
 * scripts, not the AWS SDK, zod or the engine. Checked on the built bundle (`npm run build`): the
 * modules reachable from the entry by static imports, plus the command's chunk and what it imports
 * on the way to the app's socket.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const OUT = 'out/cli';
const read = (file: string) => readFileSync(join(OUT, file), 'utf8');

/** The file and every chunk it imports statically, transitively. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const m of read(file).matchAll(/^import\s*(?:[^'"]*?from\s*)?["']\.\/([^"']+)["']/gm)) staticClosure(m[1]!, seen);
  return seen;
}

function dynamicImport(file: string, pattern: RegExp): string {
  const m = pattern.exec(read(file));
  if (!m?.[1]) throw new Error(`no dynamic import matching ${pattern} in ${file}`);
  return m[1];
}

describe('credential-process fast path', () => {
  it('loads no help table, completion, AWS SDK, zod or engine when the app answers', () => {
    const command = dynamicImport('rolecall.mjs', /"credential-process": async \(\) => \(await import\("\.\/([^"]+)"\)\)/);
    // what the command imports before it knows whether the app answered
    const toApp = [/await import\("\.\/(client-[^"]+)"\)/, /await import\("\.\/(paths-[^"]+)"\)/].map((p) => dynamicImport(command, p));
    const loaded = new Set<string>();
    for (const f of ['rolecall.mjs', command, ...toApp]) staticClosure(f, loaded);
    const text = [...loaded].map((f) => `// ${f}\n${read(f)}`).join('\n');
    expect(text).not.toContain('COMMAND_HELP');
    expect(text).not.toContain('show help for a command');
    expect(text).not.toContain('complete -F _rolecall');
    expect(text).not.toMatch(/from "@aws-sdk|from "zod|from "@smithy/);
    expect(text).not.toContain('var CredentialEngine = class');
    // and the table it does load stays small
    expect(text.length).toBeLessThan(40_000);
  });

  it('looks where those things are: the bundle as a whole has them', () => {
    const all = readdirSync(OUT).filter((f) => f.endsWith('.mjs')).map(read).join('\n');
    for (const s of ['COMMAND_HELP', 'show help for a command', 'complete -F _rolecall', 'var CredentialEngine = class']) expect(all).toContain(s);
  });
});
