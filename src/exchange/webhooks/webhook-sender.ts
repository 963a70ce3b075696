import { Inject, Injectable } from '@nestjs/common';
import { Agent, fetch } from 'undici';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FeedPayloadEntry } from '../feed/change-feed.models';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';
import { ipLiteralOf, isPublicAddress, NonPublicAddressError, publicOnlyLookup } from './webhook-target';

export interface SendResult {
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  /** Cut short because the service is stopping: not the receiver's fault, not counted. */
  aborted: boolean;
}

/** The body POSTed to a receiver. */
export interface WebhookBody {
  subscriptionId: string;
  deliveryId: string;
  entries: FeedPayloadEntry[];
}

/**
 * POSTs one signed batch (undici's fetch; no redirects followed, WEBHOOK_TIMEOUT_MS through an
 * AbortSignal held by its own timer). Unless WEBHOOK_PRIVATE_TARGETS, connections go only to public addresses: an IP
 * literal is checked here, a host name by the connection's own DNS lookup (webhook-target.ts).
 * Requests in flight are aborted when the service stops.
 */
@Injectable()
export class WebhookSender {
  private readonly stopping = new AbortController();
  private readonly dispatcher: Agent;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.dispatcher = new Agent(config.webhooks.privateTargets ? {} : { connect: { lookup: publicOnlyLookup } });
  }

  async send(url: string, secret: string, body: WebhookBody): Promise<SendResult> {
    const raw = JSON.stringify(body);
    const timestamp = Math.floor(Date.now() / 1000);
    const timeoutMs = this.config.webhooks.timeoutMs;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const { signal, release } = this.attemptSignal(timeoutMs);
    try {
      if (!this.config.webhooks.privateTargets) {
        const ip = ipLiteralOf(new URL(url));
        if (ip && !isPublicAddress(ip)) throw new NonPublicAddressError(`${ip} is not a public address`);
      }
      const res = await fetch(url, {
        dispatcher: this.dispatcher,
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'jzfp-webhooks/1',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, raw),
          [DELIVERY_HEADER]: body.deliveryId,
        },
        body: raw,
        signal,
      });
      // The body is not needed; dropping it frees the connection.
      await res.body?.cancel().catch(() => undefined);
      const ok = res.status >= 200 && res.status < 300;
      return { ok, httpStatus: res.status, error: ok ? null : `HTTP ${res.status}`, durationMs: elapsed(), aborted: false };
    } catch (e) {
      const aborted = this.stopping.signal.aborted;
      return { ok: false, httpStatus: null, error: describeFailure(e, timeoutMs), durationMs: elapsed(), aborted };
    } finally {
      release();
    }
  }

  /**
   * The signal of one attempt: aborted after timeoutMs (a TimeoutError) or when the service stops.
   * Not `AbortSignal.any([AbortSignal.timeout(ms), stopping])`: on Node 20 nothing holds the
   * timeout signal strongly once it is combined (its timer and the combined signal refer to it
   * weakly), so a garbage collection during the request dropped it and the attempt waited for the
   * receiver however long it took (seen: a 60 s receiver answered and the attempt counted as
   * delivered). Here the timer's callback holds the controller.
   */
  private attemptSignal(timeoutMs: number): { signal: AbortSignal; release: () => void } {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    const onStop = () => controller.abort(this.stopping.signal.reason);
    if (this.stopping.signal.aborted) onStop();
    else this.stopping.signal.addEventListener('abort', onStop, { once: true });
    return {
      signal: controller.signal,
      release: () => {
        clearTimeout(timer);
        this.stopping.signal.removeEventListener('abort', onStop);
      },
    };
  }

  /** Aborts every request in flight (service shutdown). */
  abortAll(): void {
    this.stopping.abort();
    void this.dispatcher.close().catch(() => undefined);
  }
}

/** Plain words for the network errors a delivery meets; the driver's own message names addresses. */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed, try again',
  EPIPE: 'connection closed while sending',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_SOCKET: 'connection closed by the receiver',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body timed out',
};

/** IPv4 (with port) and IPv6-looking tokens: what a host name resolved to never reaches the delivery log. */
const ADDRESS = /(?<![\w:])\[?(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{0,4})(?:%[\w.-]+)?\]?(?::\d+)?|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/gi;

/** Removes addresses from an error text kept in the delivery log. */
export function withoutAddresses(text: string): string {
  return text.replace(ADDRESS, '[address]');
}

/**
 * The error kept in the delivery log and shown to the subscription's owner: a code and plain
 * words, never an address a host name resolved to (that would map the network behind a name).
 */
export function describeFailure(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return `timeout: no answer within ${timeoutMs} ms`;
  if (err?.name === 'AbortError') return 'aborted: the service was stopping';
  if (e instanceof NonPublicAddressError) return `${e.code}: ${withoutAddresses(e.message)} (WEBHOOK_PRIVATE_TARGETS)`;
  const cause = err?.cause;
  if (cause instanceof NonPublicAddressError) return `${cause.code}: ${withoutAddresses(cause.message)} (WEBHOOK_PRIVATE_TARGETS)`;
  if (cause?.code) return `${cause.code}: ${NETWORK_ERRORS[cause.code] ?? withoutAddresses(cause.message ?? err.message)}`;
  return withoutAddresses(`${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`);
}
