import { describe, expect, it } from 'vitest';
import { startLoopbackSts } from '../../fixtures/loopback-sts';
import { mintSessionToken, sessionTokenLength } from '../../fixtures/loopback-sts/token-size';

describe('loopback STS session token sizes', () => {
  it('issues tokens of the size asked for: default, realistic per kind, 2–4 KB, or exact', () => {
    expect(sessionTokenLength('default', 'assumed-role')).toBe(377);
    expect(sessionTokenLength('realistic', 'session-token')).toBeLessThan(sessionTokenLength('realistic', 'assumed-role'));
    for (let i = 0; i < 50; i++) {
      const n = sessionTokenLength('large', 'session-token');
      expect(n).toBeGreaterThanOrEqual(2_048);
      expect(n).toBeLessThanOrEqual(4_096);
    }
    for (const n of [32, 377, 1_281, 3_000, 4_096]) {
      const t = mintSessionToken(n);
      expect(t).toHaveLength(n);
      expect(t).toMatch(/^IQoJb3JpZ2luX2VjE[A-Za-z0-9+/=]*$/);
    }
    expect(() => sessionTokenLength(10, 'session-token')).toThrow(/≥ 32/);
  });

  it('applies the size given at start and any size set later', async () => {
    const sts = await startLoopbackSts({ sessionTokenSize: 'large' });
    try {
      sts.addRole({ roleArn: 'arn:aws:iam::123456789012:role/R', trust: ['arn:aws:iam::123456789012:root'] });
      const first = sts.issueRoleCredentials({ roleArn: 'arn:aws:iam::123456789012:role/R' }).sessionToken.length;
      expect(first).toBeGreaterThanOrEqual(2_048);
      sts.setSessionTokenSize(3_000);
      expect(sts.issueRoleCredentials({ roleArn: 'arn:aws:iam::123456789012:role/R' }).sessionToken).toHaveLength(3_000);
      expect(() => sts.setSessionTokenSize(1.5)).toThrow(/integer/);
    } finally {
      await sts.close();
    }
  });
});
