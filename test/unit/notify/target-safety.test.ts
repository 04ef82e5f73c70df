import { describe, expect, it } from 'vitest';
import { checkTarget, checkUrl, isForbiddenAddress, UnsafeTargetError } from '#shared/notify/target-safety.ts';

const resolvesTo = (...addresses: string[]) => () => Promise.resolve(addresses);

describe('target safety', () => {
  it.each([
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
    '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', '::ffff:127.0.0.1', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '64:ff9b::10.0.0.1', 'not-an-ip',
  ])('refuses %s', (address) => expect(isForbiddenAddress(address)).toBe(true));

  it.each(['93.184.216.34', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => expect(isForbiddenAddress(address)).toBe(false));

  it('wants https in AWS stages, and allows http only to loopback in local mode', () => {
    expect(() => checkUrl('http://example.com/x', 'dev')).toThrow(UnsafeTargetError);
    expect(() => checkUrl('http://127.0.0.1:8080/x', 'dev')).toThrow(/https/);
    expect(checkUrl('http://127.0.0.1:8080/x', 'local').port).toBe('8080');
    expect(checkUrl('http://localhost/x', 'local').hostname).toBe('localhost');
    expect(() => checkUrl('http://example.com/x', 'local')).toThrow(/localhost/);
    expect(() => checkUrl('ftp://example.com/x', 'local')).toThrow(UnsafeTargetError);
    expect(() => checkUrl('https://u:p@example.com/x', 'dev')).toThrow(/password/);
    expect(() => checkUrl('https://169.254.169.254/latest/meta-data', 'prod')).toThrow(/link-local/);
    expect(() => checkUrl('https://[::1]/x', 'prod')).toThrow(UnsafeTargetError);
    expect(() => checkUrl('https://localhost/x', 'prod')).toThrow(UnsafeTargetError);
  });

  it('refuses hosts that resolve to internal addresses in AWS stages, not locally', async () => {
    await expect(checkTarget('webhook', 'https://hooks.example.com/x', 'prod', resolvesTo('93.184.216.34'))).resolves.toBeUndefined();
    await expect(checkTarget('webhook', 'https://rebind.example.com/x', 'prod', resolvesTo('93.184.216.34', '10.0.0.5'))).rejects.toThrow(/10\.0\.0\.5/);
    await expect(checkTarget('slack', 'https://metadata.example.com/x', 'dev', resolvesTo('169.254.169.254'))).rejects.toThrow(UnsafeTargetError);
    await expect(checkTarget('webhook', 'https://nx.example.com/x', 'dev', () => Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' })))).rejects.toThrow(/ENOTFOUND/);
    await expect(checkTarget('webhook', 'https://internal.example.com/x', 'local', resolvesTo('10.0.0.5'))).resolves.toBeUndefined();
  });

  it('checks e-mail addresses and SNS topic ARNs', async () => {
    await expect(checkTarget('email', 'oncall@example.com', 'prod')).resolves.toBeUndefined();
    await expect(checkTarget('email', 'oncall', 'prod')).rejects.toThrow(UnsafeTargetError);
    await expect(checkTarget('sns', 'arn:aws:sns:eu-west-1:123456789012:oncall', 'prod')).resolves.toBeUndefined();
    await expect(checkTarget('sns', 'arn:aws:sns:eu-west-1:123456789012:oncall.fifo', 'prod')).resolves.toBeUndefined();
    await expect(checkTarget('sns', 'arn:aws:sqs:eu-west-1:123456789012:q', 'prod')).rejects.toThrow(UnsafeTargetError);
  });
});
