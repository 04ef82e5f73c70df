/**
 * The one HTTP client of the notification channels (webhooks, Slack). Built on node:http(s) rather
 * than fetch so that the address check runs inside the connection's own DNS lookup: the address
 * that is checked is the address that is connected to (no rebinding window). 10 s timeout for the
 * whole exchange; redirects are not followed.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkUrl, isForbiddenAddress, isLocalStage, UnsafeTargetError } from '#shared/notify/target-safety.ts';

export interface HttpResponse {
  readonly status: number;
  /** The first 1 KB of the answer, for the attempt record. */
  readonly body: string;
}

export type HttpPost = (url: string, body: string, headers: Record<string, string>) => Promise<HttpResponse>;

export const DELIVERY_TIMEOUT_MS = 10_000;

/** dns.lookup that refuses forbidden addresses (AWS stages). */
function guardedLookup(): LookupFunction {
  return (hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const bad = addresses.find((a) => isForbiddenAddress(a.address));
      if (bad || addresses.length === 0) return callback(new UnsafeTargetError(`${hostname} resolves to ${bad?.address ?? 'nothing'}, which is not allowed`), '', 0);
      if (options.all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}

export function createHttpPost(stage: string, timeoutMs = DELIVERY_TIMEOUT_MS): HttpPost {
  return (target, body, headers) =>
    new Promise<HttpResponse>((resolve, reject) => {
      let url: URL;
      try {
        url = checkUrl(target, stage);
      } catch (error) {
        return reject(error instanceof Error ? error : new Error(String(error)));
      }
      const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = request(
        url,
        {
          method: 'POST',
          headers: { 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'incident-service-notifier/1', ...headers },
          timeout: timeoutMs,
          ...(isLocalStage(stage) ? {} : { lookup: guardedLookup() }),
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (text.length < 1024) text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text.slice(0, 1024) }));
          res.on('error', reject);
        },
      );
      const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
      req.on('error', (error) => {
        clearTimeout(deadline);
        reject(error);
      });
      req.on('close', () => clearTimeout(deadline));
      req.end(body);
    });
}
