import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeProfileName, resolveAwsPaths } from '../../../electron/core/aws-files/paths';

describe('resolveAwsPaths', () => {
  const home = '/home/ada';

  it('defaults to ~/.aws/config and ~/.aws/credentials', () => {
    expect(resolveAwsPaths({}, home)).toEqual({ configFile: join(home, '.aws', 'config'), credentialsFile: join(home, '.aws', 'credentials') });
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', () => {
    const env = { AWS_CONFIG_FILE: '/etc/aws/cfg', AWS_SHARED_CREDENTIALS_FILE: '/srv/creds' };
    expect(resolveAwsPaths(env, home)).toEqual({ configFile: '/etc/aws/cfg', credentialsFile: '/srv/creds' });
  });

  it('expands a leading ~ against the home directory', () => {
    const env = { AWS_CONFIG_FILE: '~/work/config', AWS_SHARED_CREDENTIALS_FILE: '~' };
    expect(resolveAwsPaths(env, home)).toEqual({ configFile: join(home, 'work', 'config'), credentialsFile: home });
  });

  it('leaves a ~ that is not leading, or ~user, alone', () => {
    const env = { AWS_CONFIG_FILE: '/data/~/config', AWS_SHARED_CREDENTIALS_FILE: '~bob/creds' };
    expect(resolveAwsPaths(env, home)).toEqual({ configFile: '/data/~/config', credentialsFile: '~bob/creds' });
  });

  it('treats an empty variable as unset, like the SDKs', () => {
    expect(resolveAwsPaths({ AWS_CONFIG_FILE: '', AWS_SHARED_CREDENTIALS_FILE: '  ' }, home).configFile).toBe(join(home, '.aws', 'config'));
    expect(resolveAwsPaths({ AWS_SHARED_CREDENTIALS_FILE: '' }, home).credentialsFile).toBe(join(home, '.aws', 'credentials'));
  });

  it('reads process.env by default', () => {
    const saved = process.env.AWS_CONFIG_FILE;
    process.env.AWS_CONFIG_FILE = '/tmp/from-env';
    try {
      expect(resolveAwsPaths().configFile).toBe('/tmp/from-env');
    } finally {
      if (saved === undefined) delete process.env.AWS_CONFIG_FILE;
      else process.env.AWS_CONFIG_FILE = saved;
    }
  });
});

describe('activeProfileName', () => {
  it('uses AWS_PROFILE', () => expect(activeProfileName({ AWS_PROFILE: 'admin' })).toBe('admin'));
  it('defaults to "default" when unset or blank', () => {
    expect(activeProfileName({})).toBe('default');
    expect(activeProfileName({ AWS_PROFILE: ' ' })).toBe('default');
  });
});
