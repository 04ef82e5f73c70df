/**
 * Where notifications may go. Checked when a subscription or preference is saved, and again at
 * delivery, when the host name is resolved for the connection itself (shared/notify/http.ts), so a
 * DNS answer that changes after the check (rebinding) cannot reach an internal address.
 *
 * - webhook and Slack targets: https; plain http only to a loopback host when STAGE is `local`;
 *   no user:password in the URL;
 * - in AWS stages (anything but `local`), a host that is, or resolves to, a loopback, private,
 *   link-local (incl. the instance metadata service 169.254.169.254 / fd00:ec2::254), CGNAT,
 *   multicast or reserved address is refused.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { Channel } from '#shared/domain/notifications/notification.ts';

export class UnsafeTargetError extends Error {}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** IPv4 embedded in IPv6 (::ffff:a.b.c.d, 64:ff9b::a.b.c.d NAT64): judged as the IPv4 address. */
function embeddedIpv4(address: string): string | undefined {
  const match = /^(?:::ffff:|64:ff9b::)(?:0:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (match?.[1]) return match[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex?.[1] && hex[2]) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return undefined;
}

export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return true;
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    if (v4) return blocked.check(v4, 'ipv4');
    return blocked.check(bare, 'ipv6');
  }
  return blocked.check(bare, 'ipv4');
}

export const isLocalStage = (stage: string): boolean => stage === 'local';

/** Syntax and scheme of a webhook/Slack URL; throws UnsafeTargetError with a reason a caller can act on. */
export function checkUrl(target: string, stage: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UnsafeTargetError(`target '${target}' is not an absolute URL.`);
  }
  if (url.username || url.password) throw new UnsafeTargetError('target must not carry a user name or password; put secrets in a header-free URL path or use the signing secret.');
  const host = url.hostname.toLowerCase();
  const loopback = LOOPBACK_HOSTS.has(host) || (isIP(host.replace(/^\[|\]$/g, '')) !== 0 && /^127\./.test(host));
  if (url.protocol === 'https:') {
    // fall through to the address check
  } else if (url.protocol === 'http:' && isLocalStage(stage) && loopback) {
    return url;
  } else {
    throw new UnsafeTargetError(
      isLocalStage(stage) ? 'target must use https (plain http only to localhost / 127.0.0.1 in local mode).' : 'target must use https.',
    );
  }
  if (!isLocalStage(stage)) {
    const literal = host.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(literal) !== 0 && isForbiddenAddress(literal))) {
      throw new UnsafeTargetError(`target host ${host} is a loopback, private, link-local or reserved address.`);
    }
  }
  return url;
}

export type Lookup = (hostname: string) => Promise<string[]>;

export const systemLookup: Lookup = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses: LookupAddress[]) => (error ? reject(error) : resolve(addresses.map((a) => a.address)))));

/** In AWS stages, every address the host resolves to must be public. */
export async function checkResolvedHost(hostname: string, stage: string, lookup: Lookup = systemLookup): Promise<void> {
  if (isLocalStage(stage)) return;
  const bare = hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(bare) !== 0) addresses = [bare];
  else {
    try {
      addresses = await lookup(bare);
    } catch (error) {
      throw new UnsafeTargetError(`target host ${hostname} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'DNS error'}).`);
    }
  }
  const bad = addresses.find(isForbiddenAddress);
  if (addresses.length === 0 || bad) throw new UnsafeTargetError(`target host ${hostname} resolves to ${bad ?? 'nothing'}, a loopback, private, link-local or reserved address.`);
}

const EMAIL = /^[^\s@<>(),;:"]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/** The full check of a subscription or preference target at save time. */
export async function checkTarget(channel: Channel, target: string, stage: string, lookup: Lookup = systemLookup): Promise<void> {
  switch (channel) {
    case 'webhook':
    case 'slack':
    case 'teams': {
      const url = checkUrl(target, stage);
      await checkResolvedHost(url.hostname, stage, lookup);
      return;
    }
    case 'email':
      if (!EMAIL.test(target)) throw new UnsafeTargetError(`target '${target}' is not an e-mail address.`);
      return;
    case 'sns':
      if (!SNS_TOPIC_ARN.test(target)) throw new UnsafeTargetError(`target '${target}' is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>).`);
      return;
  }
}
