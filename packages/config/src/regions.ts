import { z } from 'zod';

/** Genesys Cloud regions, in the order of docs/genesys-api.md ("Hosts") so listings stay stable. */
export const REGIONS = [
  'us-east-1',
  'eu-west-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'eu-central-1',
  'us-west-2',
  'ca-central-1',
  'eu-central-2',
  'ap-southeast-1',
  'ap-northeast-2',
  'eu-west-2',
  'ap-south-1',
  'us-east-2',
  'sa-east-1',
  'me-central-1',
  'ap-northeast-3',
  'mx-central-1',
  'eusc-de-east-1',
] as const;

export type Region = (typeof REGIONS)[number];

/** Region → host, from the Platform API SDK's `PureCloudRegionHosts.js`. */
export const REGION_HOSTS: Readonly<Record<Region, string>> = Object.freeze({
  'us-east-1': 'mypurecloud.com',
  'eu-west-1': 'mypurecloud.ie',
  'ap-southeast-2': 'mypurecloud.com.au',
  'ap-northeast-1': 'mypurecloud.jp',
  'eu-central-1': 'mypurecloud.de',
  'us-west-2': 'usw2.pure.cloud',
  'ca-central-1': 'cac1.pure.cloud',
  'eu-central-2': 'euc2.pure.cloud',
  'ap-southeast-1': 'apse1.pure.cloud',
  'ap-northeast-2': 'apne2.pure.cloud',
  'eu-west-2': 'euw2.pure.cloud',
  'ap-south-1': 'aps1.pure.cloud',
  'us-east-2': 'use2.us-gov-pure.cloud',
  'sa-east-1': 'sae1.pure.cloud',
  'me-central-1': 'mec1.pure.cloud',
  'ap-northeast-3': 'apne3.pure.cloud',
  'mx-central-1': 'mxc1.pure.cloud',
  'eusc-de-east-1': 'edee1.eusc-pure.cloud',
});

export const regionSchema = z.enum(REGIONS, {
  error: () => `must be one of the Genesys Cloud regions: ${REGIONS.join(', ')}`,
});

export function isRegion(value: string): value is Region {
  return Object.hasOwn(REGION_HOSTS, value);
}

/** Default API base URL of a region, without a trailing slash. */
export function apiBaseUrlFor(region: Region): string {
  return `https://api.${REGION_HOSTS[region]}`;
}

/** Default OAuth login base URL of a region, without a trailing slash. */
export function loginBaseUrlFor(region: Region): string {
  return `https://login.${REGION_HOSTS[region]}`;
}
