/**
 * `rolecall rotate <source>`: replace a keychain source's access key (rotation/rotate.ts), finishing
 * or rolling back an interrupted rotation first. Progress goes to stderr; the result to stdout.
 */
import { parseArgs } from 'node:util';
import { syntaxOf } from '../command-options';
import { type CommandContext, UsageError, usageError, info, out } from '../context';
import { prompt } from '../io';
import { askMfaCode } from '../mfa-prompt';
import { mfaCodeFromStdin } from './sessions';
import type { KeyToDelete } from '../../core/rotation/types';

function describe(key: KeyToDelete): string {
  const used = key.lastUsedDate ? `last used ${key.lastUsedDate.toISOString().slice(0, 10)}${key.lastUsedService ? ` (${key.lastUsedService})` : ''}` : 'never used';
  return `${key.accessKeyId}, created ${key.createDate.toISOString().slice(0, 10)}, ${used}`;
}

export async function rotateCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.args, ...syntaxOf('rotate') });
  const source = positionals[0];
  if (!source || positionals.length > 1) throw await usageError('rotate');
  if (values.mfa !== undefined && values.mfa !== '-') throw new UsageError('--mfa takes only "-" (the code on stdin), so the code never shows in the process list.');
  const piped = values.mfa === '-' ? await mfaCodeFromStdin(ctx) : undefined;
  const core = await ctx.core();
  const result = await core.rotateKeys(source, {
    progress: (m) => info(ctx, m),
    askCode: async () => {
      if (piped !== undefined) return piped;
      if (!ctx.io.interactive) throw new UsageError(`The IAM calls of "${source}" need an MFA code: pipe it in with --mfa -.`);
      return askMfaCode(ctx.io, `"${source}"'s MFA device`);
    },
    confirmDelete: async (key) => {
      info(ctx, `The IAM user already has two access keys (IAM's limit). To rotate, Rolecall would delete the one not in the keychain: ${describe(key)}.`);
      if (values.yes) return true;
      if (!ctx.io.interactive) {
        throw new UsageError(`Refusing to delete ${key.accessKeyId} without confirmation: pass --yes to accept, or delete a key in the IAM console.`);
      }
      return /^y(es)?$/i.test((await prompt(ctx.io, `Delete ${key.accessKeyId} and rotate? [y/N] `)).trim());
    },
    // the one place a secret is printed: the keychain failed while the new key existed only here
    showKeyOnce: (key) => {
      info(ctx, 'The keychain failed while storing the new key. Keep it now; it is not shown again:');
      info(ctx, `  Access key ID:     ${key.accessKeyId}`);
      info(ctx, `  Secret access key: ${key.secretAccessKey}`);
    },
  });
  const extra = result.alsoDeleted.length ? ` (also deleted ${result.alsoDeleted.join(', ')})` : '';
  if (result.outcome === 'rolled-back') out(ctx, `Rolled back an interrupted rotation of ${source}; ${result.oldAccessKeyId} stays${extra}`);
  else out(ctx, `Rotated ${source}: ${result.oldAccessKeyId} → ${result.newAccessKeyId} (${result.identityArn})${extra}`);
  return 0;
}
