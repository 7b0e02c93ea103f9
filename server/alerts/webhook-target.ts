import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be sent. A webhook URL is typed by a staff member, but the request
 * leaves from the server, inside its network: without a check it could reach the metadata
 * service (169.254.169.254), the database, or anything on loopback, and show the answer in
 * the delivery log. So a target must resolve to public addresses only, checked when the
 * watch is made and again at every send, and the send connects to the address that was
 * checked (pinned), so a DNS answer that changes in between (rebinding) cannot redirect it.
 * `ALLOW_PRIVATE_WEBHOOKS=true` lifts the check (tests, deployments posting to their own LAN).
 */

/** Resolves a host name to its addresses (injectable: tests resolve without the network). */
export type HostResolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS). */
export const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** Why a target is refused; `message` names the address. */
export class WebhookTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookTargetError';
  }
}

/** Ranges that are not the public internet: RFC 6890 special-purpose blocks and their kin. */
const privateRanges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  privateRanges.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  privateRanges.addSubnet(net, prefix, 'ipv6');
}

/** The eight 16-bit groups of an IPv6 address (with an embedded dotted quad, if any, folded in). */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().split('%')[0];
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad[1].split('.').map(Number);
    text = `${text.slice(0, -quad[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  const groups = text.includes('::') ? [...left, ...new Array(8 - left.length - right.length).fill(0), ...right] : left;
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * The IPv4 address an IPv6 address carries, for the forms that reach an IPv4 host:
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16).
 */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return quad(g[6], g[7]);
  if (zeros(0, 6) && (g[6] !== 0 || g[7] > 1)) return quad(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return quad(g[6], g[7]);
  if (g[0] === 0x2002) return quad(g[1], g[2]);
  return null;
}

/** True for an address on the public internet; false for private, loopback, link-local and other special ranges. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !privateRanges.check(address, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(address);
  if (v4 !== null) return !privateRanges.check(v4, 'ipv4');
  return !privateRanges.check(address, 'ipv6');
}

/** A checked target: the URL, and the address the request must connect to. */
export type ResolvedTarget = { url: URL; hostname: string; address: string; family: 4 | 6 };

/**
 * Checks a webhook URL and resolves its host to the address to connect to.
 * @throws WebhookTargetError when the URL is not http(s), the host does not resolve, or (unless
 * `allowPrivate`) any of its addresses is not public.
 */
export async function resolveWebhookTarget(target: string, options: { allowPrivate: boolean; resolve?: HostResolver }): Promise<ResolvedTarget> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new WebhookTargetError('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookTargetError('only http and https URLs are allowed');
  // The URL parser has already normalized 0x7f000001, 2130706433 and 127.1 to 127.0.0.1.
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(hostname);
  let addresses: { address: string; family: number }[];
  if (literal) {
    addresses = [{ address: hostname, family: literal }];
  } else if (!options.allowPrivate && (hostname === 'localhost' || hostname.endsWith('.localhost'))) {
    throw new WebhookTargetError(`${hostname} is this machine (loopback); webhooks go to public addresses only`);
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(hostname);
    } catch (error) {
      throw new WebhookTargetError(`host ${hostname} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'lookup failed'})`);
    }
    if (addresses.length === 0) throw new WebhookTargetError(`host ${hostname} has no address`);
  }
  if (!options.allowPrivate) {
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) {
      const via = literal ? '' : ` (${hostname} resolves to it)`;
      throw new WebhookTargetError(`${refused.address} is a private, loopback or link-local address${via}; webhooks go to public addresses only`);
    }
  }
  const chosen = addresses[0];
  return { url, hostname, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}
