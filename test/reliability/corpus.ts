/**
 * Real-world shapes of the shared AWS files, as chunks that each start at a line boundary with
 * comments/blank lines or a header (so a section placed between two chunks ends exactly where the
 * next chunk starts): files written by `/usr/bin/aws configure set`, hand edits with odd spacing,
 * sections named like Rolecall's, nested blocks, a foreign managed section. The property test
 * composes files from them; the huge-file test repeats them. Duplicate keys and sections, which
 * the AWS CLI refuses to parse, are kept apart (UNPARSEABLE_CHUNKS): the writer must refuse those.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatMarker } from '../../electron/core/aws-files/marker';
import { AWS_CLI } from '../fixtures/components';
import { awsCliEnv } from './aws-env';

/** Chunks written by hand (LF; the test converts endings). */
export const HAND_CHUNKS: readonly string[] = [
  '# ~/.aws/credentials — edited by hand\n; keep these comments\n\n[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
  '[ spaced ]\n  aws_access_key_id=AKIASPACED0000000001\naws_secret_access_key   =   with/odd+spacing==  \n\tregion\t=\teu-west-1\n',
  '[Target]\naws_access_key_id = AKIACASEDIFFERS00001\n',
  '[profile target]\nregion = us-east-2\n',
  '# [target]  <- a commented-out header\n[targetx]\nx = 1\n',
  '[target.prod]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = dev\n',
  '[rolecall-session-old]\n# rolecall:managedby someone else (not our marker)\naws_access_key_id = AKIANEARMISS00000001\n',
  `[other-managed]\n${formatMarker({ expiresAt: new Date('2026-01-01T00:00:00Z'), source: 'admin' })}\naws_access_key_id = ASIAFOREIGNMANAGED01\naws_secret_access_key = s\naws_session_token = t\n`,
  '[not-a-comment]\naws_secret_access_key = a = b # not a comment for botocore\n',
  '[with-nested]\nregion = eu-west-1\ns3 =\n    max_concurrent_requests = 20\n    addressing_style = path\n# trailing comment after the section\n\n',
  '\n\n\n[after-blanks]\n;semicolon = comment\nkey=value;not-a-comment\n',
  '[ünï-cödé ☕]\nnote = grüße ✓\n',
  '[trailing-space]   \naws_access_key_id = AKIATRAILING00000001   \n',
];

/** Chunks botocore cannot parse ("Unable to parse config file"): duplicate keys, a repeated section. */
export const UNPARSEABLE_CHUNKS: readonly string[] = [
  '[dup-keys]\naws_access_key_id = AKIAFIRST00000000001\naws_access_key_id = AKIASECOND0000000002\n',
  '[twice]\na = 1\n\n[twice]\nb = 2\n',
  '[Dup-Case]\nRegion = eu-west-1\nregion = us-east-1\n',
];

/**
 * Names a target can take without colliding with any chunk's section as botocore reads headers:
 * `spaced` is free although `[ spaced ]` exists (that is the profile " spaced ").
 */
export const FREE_TARGETS = ['target', 'default-session', 'acme.prod', 'rolecall', 'ünï ☕', 'spaced'] as const;

/** Chunks holding a user's own section with these names, for the refusal property. */
export const USER_OWNED: Record<string, string> = {
  dev: 'dev',
  Target: 'Target',
  'trailing-space': 'trailing-space',
};

/**
 * Writes a credentials and a config file through the real AWS CLI (`configure set`, in two parallel
 * chains) and returns their contents: the exact bytes the CLI produces, e.g. no blank line between
 * sections and a nested block for `default.s3.*`.
 */
export async function awsWrittenChunks(): Promise<string[]> {
  const home = mkdtempSync(join(tmpdir(), 'rolecall-corpus-'));
  const config = join(home, 'config');
  const credentials = join(home, 'credentials');
  const env = awsCliEnv(home, config, credentials);
  const run = promisify(execFile);
  const set = (args: string[]) => run(AWS_CLI, ['configure', 'set', ...args], { env });
  try {
    await Promise.all([
      (async () => {
        await set(['aws_access_key_id', 'AKIACLIWRITTEN000001', '--profile', 'cli-a']);
        await set(['aws_secret_access_key', 'cli/written+secret=0000000000000000000000', '--profile', 'cli-a']);
        await set(['aws_session_token', 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==', '--profile', 'cli-b']);
      })(),
      (async () => {
        await set(['region', 'eu-west-1']);
        await set(['default.s3.max_concurrent_requests', '20']);
        await set(['profile.cli-a.output', 'json']);
      })(),
    ]);
    return [readFileSync(credentials, 'utf8'), readFileSync(config, 'utf8')];
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
