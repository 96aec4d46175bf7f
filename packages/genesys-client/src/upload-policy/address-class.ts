import { BlockList, isIP } from 'node:net';

// Ranges an upload must never reach: the machine itself, the private network it sits on, link-local
// (cloud metadata at 169.254.169.254 among them), and addresses that mean "this host" or nothing routable.
const RANGES: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'private'], // carrier-grade NAT, private in practice
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'private'], // unique local
  ['fe80::', 10, 'ipv6', 'link-local'],
];

const lists = new Map<string, BlockList>();
for (const [network, prefix, family, kind] of RANGES) {
  const list = lists.get(kind) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  lists.set(kind, list);
}

/**
 * `loopback`, `private`, `link-local` or `unspecified` for an address an upload may not go to, undefined for a
 * public one. IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is judged by its IPv4 address.
 */
export function nonPublicAddressKind(address: string): string | undefined {
  const unbracketed = address.replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(unbracketed);
  const ip = mapped?.[1] ?? unbracketed;
  const family = isIP(ip);
  if (family === 0) return undefined;
  for (const [kind, list] of lists) if (list.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return kind;
  return undefined;
}
