/**
 * Which AWS partition a region belongs to, and the sign-in and console hosts of that partition.
 *
 * The federation endpoint only knows sessions of its own partition: a GovCloud session sent to
 * `signin.aws.amazon.com` is refused, and a China console URL on `console.aws.amazon.com` lands on a
 * login page. So the region decides both hosts, and a region we cannot place is an error rather
 * than a guess.
 */
import { RolecallError } from '../errors';

export type ConsolePartition = 'aws' | 'aws-cn' | 'aws-us-gov';

export interface PartitionHosts {
  partition: ConsolePartition;
  /** `https://…/federation` for getSigninToken and the login URL. */
  federationEndpoint: string;
  /** Origin of the console in `region` (no trailing slash). */
  consoleOrigin: string;
}

/** Region names as AWS spells them (`us-east-1`, `us-gov-west-1`, `cn-northwest-1`…). */
const REGION_RE = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
/** The isolated partitions (`us-iso-east-1`, `us-isob-east-1`, `eu-isoe-west-1`…) have no public console. */
const ISOLATED_RE = /^[a-z]{2}-iso[a-z]?-/;

/**
 * Checks a region name strictly: it becomes part of a host name, so nothing else may pass. A region
 * read from a profile (`from: 'profile'`) is a profile problem to fix in the files, not a typo.
 */
export function assertRegion(region: string, from: 'input' | 'profile' = 'input'): void {
  if (!REGION_RE.test(region)) {
    throw new RolecallError(from === 'profile' ? 'ProfileValueInvalid' : 'InvalidInput', `"${region.slice(0, 40)}" is not an AWS region name.`, {
      action: `${from === 'profile' ? 'Fix the region in the profile: use' : 'Use'} a region such as us-east-1, eu-west-1, cn-north-1 or us-gov-west-1.`,
    });
  }
  if (ISOLATED_RE.test(region)) {
    throw new RolecallError('ConsoleUnsupported', `The region ${region} belongs to an isolated AWS partition, which has no public console sign-in.`, {
      action: 'Sign in to that partition through its own access portal.',
    });
  }
}

/** The partition and hosts for a (valid) region. */
export function partitionHosts(region: string): PartitionHosts {
  assertRegion(region);
  if (region.startsWith('cn-')) {
    return { partition: 'aws-cn', federationEndpoint: 'https://signin.amazonaws.cn/federation', consoleOrigin: 'https://console.amazonaws.cn' };
  }
  if (region.startsWith('us-gov-')) {
    return {
      partition: 'aws-us-gov',
      federationEndpoint: 'https://signin.amazonaws-us-gov.com/federation',
      consoleOrigin: 'https://console.amazonaws-us-gov.com',
    };
  }
  return { partition: 'aws', federationEndpoint: 'https://signin.aws.amazon.com/federation', consoleOrigin: `https://${region}.console.aws.amazon.com` };
}

/** A console path: segments of unreserved URL characters, then an optional query and fragment. */
const PATH_RE = /^\/[A-Za-z0-9][A-Za-z0-9._~-]*(?:\/[A-Za-z0-9._~-]*)*$/;
const QUERY_RE = /^[A-Za-z0-9._~\-=&%:,+/]*$/;
const FRAGMENT_RE = /^[A-Za-z0-9._~\-=&%:,+/?!*();@$]*$/;

function badPath(path: string): RolecallError {
  return new RolecallError('InvalidInput', `"${path.slice(0, 80)}" is not a console path.`, {
    action: 'Give a path inside the AWS console such as /s3/home, s3 or /ec2/home#Instances (no scheme or host).',
  });
}

/**
 * The console page to land on, always on the partition's console host and in `region`.
 *
 * `path` is a path inside the console (`/s3/home`, `/ec2/home?x=1#Instances:`), or a bare service
 * name (`s3` → `/s3/home`). It is checked character by character and the result is checked to
 * still be on the console origin, because the destination is handed to a browser together with a
 * sign-in token: a path that smuggles in another host (`//evil.example`, `https://…`, `\\evil`,
 * `@evil`) would send a signed-in browser somewhere else.
 */
export function consoleDestination(region: string, path?: string): string {
  const { consoleOrigin } = partitionHosts(region);
  let raw = path === undefined || path === '' ? '/console/home' : path;
  if (raw.length > 512) throw badPath(raw);
  if (/^[a-z0-9-]+$/i.test(raw)) raw = `/${raw}/home`;
  else if (!raw.startsWith('/')) raw = `/${raw}`;

  const hashAt = raw.indexOf('#');
  const beforeHash = hashAt === -1 ? raw : raw.slice(0, hashAt);
  const fragment = hashAt === -1 ? undefined : raw.slice(hashAt + 1);
  const queryAt = beforeHash.indexOf('?');
  const pathname = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? '' : beforeHash.slice(queryAt + 1);
  if (!PATH_RE.test(pathname) || pathname.split('/').some((s) => s === '.' || s === '..')) throw badPath(raw);
  if (!QUERY_RE.test(query) || (fragment !== undefined && !FRAGMENT_RE.test(fragment))) throw badPath(raw);

  const url = new URL(consoleOrigin);
  url.pathname = pathname;
  url.search = query;
  if (!url.searchParams.has('region')) url.searchParams.set('region', region);
  if (fragment !== undefined) url.hash = fragment;
  if (url.origin !== consoleOrigin || url.username !== '' || url.password !== '') throw badPath(raw);
  return url.toString();
}
