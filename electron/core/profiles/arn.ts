/**
 * ARNs and the formats STS checks. Validating them when the files are read turns a `ValidationError`
 * from STS (after the user already typed an MFA code) into a message next to the profile.
 */
import type { Partition } from './model';

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** `role`, `mfa`, `user`, `assumed-role`… (empty when the resource has no type prefix). */
  resourceType: string;
  /** Everything after the type, path included: `path/to/Name`. */
  resourceName: string;
}

/**
 * Splits an ARN into its parts (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`). The resource type
 * is what precedes the first `/` or `:` of the resource. Returns undefined for anything that is not
 * shaped like an ARN, so callers can branch instead of catching.
 */
export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, accountId] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (!partition || !service || !resource) return undefined;
  const cut = resource.search(/[/:]/);
  return cut === -1
    ? { partition, service, region, accountId, resourceType: '', resourceName: resource }
    : { partition, service, region, accountId, resourceType: resource.slice(0, cut), resourceName: resource.slice(cut + 1) };
}

const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

export function isPartition(value: string): value is Partition {
  return (PARTITIONS as readonly string[]).includes(value);
}

/** A region name as AWS spells them: `eu-west-1`, `us-gov-west-1`, `ap-southeast-3`. */
export function isRegionName(region: string): boolean {
  return /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(region);
}

/**
 * The partition a region belongs to, which decides the STS endpoint and the console sign-in host.
 * Regions of the isolated partitions are not supported by Rolecall and fall back to `aws`.
 */
export function partitionForRegion(region: string | undefined): Partition {
  if (!region) return 'aws';
  if (/^cn-/.test(region)) return 'aws-cn';
  if (/^us-gov-/.test(region)) return 'aws-us-gov';
  return 'aws';
}

/**
 * `arn:PARTITION:iam::ACCOUNT:TYPE/[path/]NAME` for the supported partitions: names and path
 * segments are `[\w+=,.@-]`, names at most 64 characters. One regex: this runs for every profile.
 */
const IAM_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(role|mfa)\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

export interface RoleArnParts {
  partition: Partition;
  accountId: string;
  roleName: string;
}

/** `arn:PARTITION:iam::ACCOUNT:role/[path/]NAME` in one of the three supported partitions, or undefined. */
export function parseRoleArn(arn: string): RoleArnParts | undefined {
  const m = IAM_ARN.exec(arn);
  if (!m || m[3] !== 'role') return undefined;
  return { partition: m[1] as Partition, accountId: m[2]!, roleName: m[4]! };
}

/**
 * True for what STS accepts as `SerialNumber`: a virtual device ARN (`arn:…:iam::ACCOUNT:mfa/NAME`)
 * or a hardware token's serial number (e.g. `GAHT12345678`: 9–256 characters of `[\w+=/:,.@-]`).
 */
export function isValidMfaSerial(serial: string): boolean {
  if (serial.startsWith('arn:')) return IAM_ARN.exec(serial)?.[3] === 'mfa';
  return /^[\w+=/:,.@-]{9,256}$/.test(serial);
}

/** STS's `RoleSessionName` pattern. */
export function isValidRoleSessionName(name: string): boolean {
  return /^[\w+=,.@-]{2,64}$/.test(name);
}
