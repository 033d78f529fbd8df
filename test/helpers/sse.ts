import assert from 'node:assert/strict';
import type { HttpClient } from './http-client.js';

export interface SseMessage {
  event: string;
  id: string | undefined;
  data: string;
  /** Date.now() when the message was parsed, for latency measurements. */
  receivedAt: number;
}

/**
 * Reads a server-sent event stream with fetch, as a browser's EventSource would, keeping every
 * message and the raw text (secret scans look at every byte that crossed the wire).
 */
export class SseReader {
  readonly messages: SseMessage[] = [];
  raw = '';
  status = 0;
  contentType = '';
  headers: Record<string, string> = {};
  ended = false;
  private readonly controller = new AbortController();
  private waiters: Array<() => void> = [];

  static async open(
    client: HttpClient,
    path = '/api/users/@me/events/',
    headers: Record<string, string> = {},
  ): Promise<SseReader> {
    const reader = new SseReader();
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(new URL(path, client.baseUrl), {
      headers: { ...(cookie ? { cookie } : {}), accept: 'text/event-stream', ...headers },
      signal: reader.controller.signal,
    });
    reader.status = res.status;
    reader.contentType = res.headers.get('content-type') ?? '';
    reader.headers = Object.fromEntries(res.headers);
    if (res.status !== 200 || !res.body) {
      reader.raw = await res.text();
      reader.ended = true;
      return reader;
    }
    void reader.pump(res.body);
    return reader;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const stream = body.getReader();
      for (;;) {
        const { value: chunk, done } = await stream.read();
        if (done) break;
        const text = decoder.decode(chunk, { stream: true });
        this.raw += text;
        buffer += text;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
        this.wake();
      }
    } catch {
      // Aborted by close(): the end is recorded below.
    }
    this.ended = true;
    this.wake();
  }

  private parse(block: string): void {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) this.messages.push({ event, id, data: data.join('\n'), receivedAt: Date.now() });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Waits for the first message (from index `from`) that matches, or fails after `ms`. */
  async next(match: (m: SseMessage) => boolean, ms = 10_000, from = 0): Promise<SseMessage> {
    const end = Date.now() + ms;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      if (this.ended) assert.fail(`stream ended without a matching message; got ${this.raw}`);
      const left = end - Date.now();
      if (left <= 0) assert.fail(`no matching message in ${ms} ms; got ${this.raw}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until the server ends the stream. */
  async untilEnded(ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!this.ended) {
      if (Date.now() > end) assert.fail('the stream did not end');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, end - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** `change` messages parsed. */
  changes(): Array<{ id: number; kind: string; op: string; user: string; ids: string[]; at: string }> {
    return this.messages.filter((m) => m.event === 'change').map((m) => JSON.parse(m.data));
  }

  close(): void {
    this.controller.abort();
  }
}
