import { describe, expect, it } from 'vitest';
import { consoleDestination, partitionHosts } from '../../../electron/core/console/partition';
import { isRolecallError } from '../../../electron/core/errors';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isRolecallError(e) ? e.code : 'not-a-rolecall-error';
  }
  return undefined;
}

describe('partitionHosts', () => {
  it.each([
    ['us-east-1', 'aws', 'https://signin.aws.amazon.com/federation', 'https://us-east-1.console.aws.amazon.com'],
    ['eu-central-1', 'aws', 'https://signin.aws.amazon.com/federation', 'https://eu-central-1.console.aws.amazon.com'],
    ['cn-north-1', 'aws-cn', 'https://signin.amazonaws.cn/federation', 'https://console.amazonaws.cn'],
    ['cn-northwest-1', 'aws-cn', 'https://signin.amazonaws.cn/federation', 'https://console.amazonaws.cn'],
    ['us-gov-west-1', 'aws-us-gov', 'https://signin.amazonaws-us-gov.com/federation', 'https://console.amazonaws-us-gov.com'],
  ])('%s → %s', (region, partition, federationEndpoint, consoleOrigin) => {
    expect(partitionHosts(region)).toEqual({ partition, federationEndpoint, consoleOrigin });
  });

  it('refuses region names that are not regions (they become part of a host name)', () => {
    for (const bad of ['', 'US-EAST-1', 'us-east-1.evil.example', 'evil.example/x', 'us-east', '../x', 'us-east-1 ', 'us_east_1']) {
      expect(codeOf(() => partitionHosts(bad))).toBe('InvalidInput');
    }
  });

  it('refuses isolated partitions with ConsoleUnsupported', () => {
    expect(codeOf(() => partitionHosts('us-iso-east-1'))).toBe('ConsoleUnsupported');
    expect(codeOf(() => partitionHosts('us-isob-east-1'))).toBe('ConsoleUnsupported');
  });
});

describe('consoleDestination', () => {
  it('defaults to the console home in the region, per partition', () => {
    expect(consoleDestination('eu-west-1')).toBe('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1');
    expect(consoleDestination('cn-north-1')).toBe('https://console.amazonaws.cn/console/home?region=cn-north-1');
    expect(consoleDestination('us-gov-east-1')).toBe('https://console.amazonaws-us-gov.com/console/home?region=us-gov-east-1');
  });

  it('accepts service paths, bare service names, queries and fragments', () => {
    expect(consoleDestination('us-east-1', '/s3/home')).toBe('https://us-east-1.console.aws.amazon.com/s3/home?region=us-east-1');
    expect(consoleDestination('us-east-1', 's3')).toBe('https://us-east-1.console.aws.amazon.com/s3/home?region=us-east-1');
    expect(consoleDestination('us-east-1', 'ec2/v2/home')).toBe('https://us-east-1.console.aws.amazon.com/ec2/v2/home?region=us-east-1');
    expect(consoleDestination('us-east-1', '/ec2/home#Instances:instanceState=running')).toBe(
      'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:instanceState=running',
    );
    expect(consoleDestination('us-east-1', '/lambda/home?region=eu-west-1#/functions')).toBe(
      'https://us-east-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions',
    );
  });

  it('rejects anything that could leave the console host', () => {
    const attempts = [
      'https://evil.example/',
      '//evil.example/s3',
      '/\\evil.example',
      '\\\\evil.example',
      '@evil.example',
      '/s3/home@evil.example',
      'javascript:alert(1)',
      '/s3/../../evil',
      '/./s3',
      '/s3/home?x=<script>',
      '/s3/home#"><img>',
      '/s3 home',
      '/s3/home\nLocation: x',
      'evil.example:443/x',
      `/${'a'.repeat(600)}`,
    ];
    for (const path of attempts) {
      expect(codeOf(() => consoleDestination('us-east-1', path)), path).toBe('InvalidInput');
    }
  });
});
