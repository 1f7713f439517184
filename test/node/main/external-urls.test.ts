import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../electron/main/external-urls';

describe('openExternal allowlist', () => {
  it.each([
    'https://signin.aws.amazon.com/federation?Action=login&Issuer=Rolecall&Destination=x&SigninToken=t',
    'https://us-east-1.signin.aws.amazon.com/oauth',
    'https://console.aws.amazon.com/console/home',
    'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
    'https://signin.amazonaws.cn/federation',
    'https://cn-north-1.console.amazonaws.cn/',
    'https://signin.amazonaws-us-gov.com/federation',
    'https://us-gov-west-1.console.amazonaws-us-gov.com/',
    'HTTPS://CONSOLE.AWS.AMAZON.COM/',
    'https://console.aws.amazon.com:443/',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['plain http', 'http://console.aws.amazon.com/'],
    ['another scheme', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['custom protocol', 'ms-msdt:/id PCWDiagnostic'],
    ['look-alike suffix', 'https://console.aws.amazon.com.evil.com/'],
    ['look-alike prefix', 'https://evilconsole.aws.amazon.com/'],
    ['other AWS host', 'https://s3.amazonaws.com/bucket'],
    ['apex domain', 'https://aws.amazon.com/'],
    ['credentials in URL', 'https://user:pw@console.aws.amazon.com/'],
    ['user only', 'https://console.aws.amazon.com@evil.com/'],
    ['odd port', 'https://console.aws.amazon.com:8443/'],
    ['trailing dot', 'https://console.aws.amazon.com./'],
    ['underscore label', 'https://a_b.console.aws.amazon.com/'],
    ['empty', ''],
    ['garbage', 'not a url'],
    ['huge', `https://console.aws.amazon.com/${'a'.repeat(10_000)}`],
  ])('refuses %s', (_label, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
