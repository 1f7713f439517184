/** `rolecall add`, `import`, `remove`: source profiles in the keychain. */
import { parseArgs } from 'node:util';
import { syntaxOf } from '../command-options';
import { type CommandContext, UsageError, usageError, info, out } from '../context';
import { prompt, readLines } from '../io';

export async function addCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.args, ...syntaxOf('add') });
  const name = positionals[0];
  if (!name || positionals.length > 1) throw await usageError('add');
  if (values.region !== undefined && !values['write-config']) throw new UsageError('--region is written to the config file: add --write-config.');
  let accessKeyId: string;
  let secretAccessKey: string;
  if (ctx.io.interactive) {
    accessKeyId = await prompt(ctx.io, 'Access key ID: ');
    secretAccessKey = await prompt(ctx.io, 'Secret access key (hidden): ', true);
  } else {
    [accessKeyId = '', secretAccessKey = ''] = await readLines(ctx.io, 2);
  }
  const core = await ctx.core();
  const result = await core.addSource({
    name,
    accessKeyId,
    secretAccessKey,
    ...(values['mfa-serial'] ? { mfaSerial: values['mfa-serial'] } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(values['write-config'] ? { writeConfig: true } : {}),
    verify: !values['no-verify'],
    overwrite: values.force === true,
  });
  out(ctx, `Added ${result.name} (${result.accessKeyId}) to the keychain${result.identityArn ? `: ${result.identityArn}` : ' (not verified)'}`);
  if (result.config?.written) out(ctx, `Wrote [${result.config.section}] to ${result.config.file}`);
  for (const note of result.notes ?? []) info(ctx, note);
  return 0;
}

export async function importCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.args, ...syntaxOf('import') });
  const core = await ctx.core();
  const result = await core.importSources({ scrub: values.scrub === true, ...(positionals.length ? { names: positionals } : {}) });
  if (values.json) {
    out(ctx, JSON.stringify(result, null, 2));
    return 0;
  }
  if (result.imported.length === 0) out(ctx, 'No plaintext keys to import.');
  for (const name of result.imported) out(ctx, `Imported ${name} into the keychain`);
  for (const s of result.skipped) info(ctx, `Skipped ${s.name}: ${s.reason}`);
  if (result.backupPath) {
    out(ctx, `Removed the plaintext keys from ${core.paths.credentialsFile}; the previous file is at ${result.backupPath}`);
    info(ctx, 'The secret keys are redacted in that backup (mode 0600); everything else in it is as it was.');
  }
  else if (result.imported.length > 0 && !values.scrub) info(ctx, `The keys are still in ${core.paths.credentialsFile}; run "rolecall import --scrub" to remove them (a backup is written first).`);
  return 0;
}

export async function removeCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args: ctx.args, ...syntaxOf('remove') });
  const name = positionals[0];
  if (!name || positionals.length > 1) throw await usageError('remove');
  if (!values.yes) {
    if (!ctx.io.interactive) throw new UsageError(`Refusing to remove "${name}" without confirmation: pass --yes.`);
    const answer = await prompt(ctx.io, `Remove the keys of "${name}" from the keychain? They cannot be recovered from Rolecall. [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) {
      info(ctx, 'Nothing removed.');
      return 1;
    }
  }
  const core = await ctx.core();
  await core.removeSource(name);
  out(ctx, `Removed ${name} from the keychain`);
  return 0;
}
