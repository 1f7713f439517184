/**
 * The storm's writer (`node --import tsx storm-child.ts <file> <start>`): performs operation k, k+1, …
 * through the real section writer forever, printing k once each is committed. The test SIGKILLs it.
 */
import { removeSection, scrubKeys, upsertSection } from '../../electron/core/aws-files/section-writer';
import { opFor } from './storm-model';

async function main(): Promise<void> {
  const [file, start] = process.argv.slice(2);
  if (!file) throw new Error('usage: storm-child.ts <file> <start>');
  for (let k = Number(start ?? 0); ; k++) {
    const op = opFor(k);
    if (op.kind === 'upsert') await upsertSection(file, op.name, op.keys, { expiresAt: op.expiresAt, source: 'storm' }, { configFile: null, timeoutMs: 30_000 });
    else if (op.kind === 'remove') await removeSection(file, op.name, { timeoutMs: 30_000 });
    else await scrubKeys(file, op.name, { backup: false, timeoutMs: 30_000 });
    process.stdout.write(`${k}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
