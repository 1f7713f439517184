/**
 * The session manager's view of the byte-preserving writer: a session's credentials go to the
 * target's section of the credentials file (checked against shadowing in the config file); removal
 * touches only sections Rolecall manages. The session's region goes into the section too, unless the
 * user set one for that profile: the AWS CLI refuses to run without a region, and the config file
 * may have none for a target that exists only in the credentials file.
 */
import type { AwsPaths } from './paths';
import { removeSection, upsertSection } from './section-writer';
import { retagSection } from './marker-retag';
import type { CredentialsWriter } from '../sessions/manager';

export function createCredentialsWriter(paths: AwsPaths, now: () => Date): CredentialsWriter {
  return {
    async write(target, creds, marker, opts) {
      const result = await upsertSection(
        paths.credentialsFile,
        target,
        {
          aws_access_key_id: creds.accessKeyId,
          aws_secret_access_key: creds.secretAccessKey,
          aws_session_token: creds.sessionToken,
        },
        marker,
        {
          takeOver: opts.takeOver,
          configFile: paths.configFile,
          now,
          ...(opts.expectSource !== undefined ? { expectSource: opts.expectSource } : {}),
          ...(opts.region !== undefined ? { unlessUserSet: { region: opts.region } } : {}),
        },
      );
      return result.backupPath ? { backupPath: result.backupPath } : {};
    },
    retag: (target, marker, opts) => retagSection(paths.credentialsFile, target, marker, { now, expectSource: opts.expectSource }),
    async remove(target, opts = {}) {
      return (
        await removeSection(paths.credentialsFile, target, {
          now,
          ...(opts.expectSource !== undefined ? { expectSource: opts.expectSource } : {}),
          ...(opts.expiredBy !== undefined ? { expiredBy: opts.expiredBy } : {}),
        })
      ).removed;
    },
  };
}
