/**
 * How a write's JSON body is read (issue 13, RSS under load). Through the Web `Request` of the
 * adapter, every write built an undici Request whose AbortSignal is held by a FinalizationRegistry
 * until a full GC: ~5 KB per write promoted to V8's old space, most of the PATCH load's RSS peak.
 * The body is read from node:http instead, with the same 1 MiB cap and the same error answers.
 * Requests here go through node:http's client, so only the server can build an AbortController.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { MAX_BODY_BYTES } from '../../main/server/middleware/json-body.js';
import type { TestServer } from '../helpers/server.js';
import { serverWithStaff, type Account } from './support.js';

interface RawAnswer {
  status: number;
  body: unknown;
  /** The Connection header of the answer. */
  connection?: string;
}

/** One request on node:http; `chunks` are written one by one (no Content-Length: chunked). */
function send(
  url: string,
  options: { method: string; path: string; headers: Record<string, string>; chunks: (string | Buffer)[] },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(options.path, url),
      // A keep-alive agent of its own: the server decides whether the connection ends.
      { method: options.method, headers: options.headers, agent: new http.Agent({ keepAlive: true }) },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : null,
            connection: res.headers.connection,
          });
        });
      },
    );
    // The server may answer (and close) before the whole of an oversized body is written.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    for (const chunk of options.chunks) req.write(chunk);
    req.end();
  });
}

describe('request bodies are read from node:http', () => {
  let server: TestServer;
  let staff: Account;
  let key = '';
  before(async () => {
    ({ server, staff } = await serverWithStaff());
    const created = await staff.client.post('/api/personal_api_keys/', { label: 'writes', scopes: ['*'] });
    assert.equal(created.status, 201, created.text);
    key = created.body.value as string;
  });
  after(() => server.stop());

  const patch = (chunks: (string | Buffer)[]) =>
    send(server.url, {
      method: 'PATCH',
      path: '/api/users/@me/',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      chunks,
    });

  test('a write builds no Web Request (no AbortController) and applies its body', async () => {
    const Original = globalThis.AbortController;
    let made = 0;
    globalThis.AbortController = class extends Original {
      constructor() {
        super();
        made++;
      }
    };
    try {
      for (let i = 0; i < 20; i++) {
        const answer = await patch([JSON.stringify({ first_name: `Body ${i}` })]);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal((answer.body as { first_name: string }).first_name, `Body ${i}`);
      }
    } finally {
      globalThis.AbortController = Original;
    }
    assert.equal(made, 0, 'AbortControllers the server made for 20 writes');
  });

  test('a body sent in several chunks is read whole', async () => {
    const answer = await patch(['{"first_', 'name": "Chun', 'ked"}']);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal((answer.body as { first_name: string }).first_name, 'Chunked');
  });

  test('a chunked body over 1 MiB with no Content-Length is 413 in the contract shape, and closes', async () => {
    const piece = Buffer.alloc(64 * 1024, 'x');
    const chunks = [
      '{"first_name":"',
      ...Array<Buffer>(Math.ceil(MAX_BODY_BYTES / piece.length) + 2).fill(piece),
    ];
    const answer = await patch(chunks);
    assert.deepEqual(answer, {
      // The rest of the body is not read: the connection ends with the answer, so a client
      // streaming a body without end cannot keep the server reading it.
      connection: 'close',
      status: 413,
      body: {
        type: 'invalid_request',
        code: 'request_too_large',
        detail: 'Request body is larger than 1 MiB.',
        attr: null,
      },
    });
    // The server is still there and still reads bodies.
    const next = await patch([JSON.stringify({ first_name: 'After' })]);
    assert.equal(next.status, 200, JSON.stringify(next.body));
  });

  test('malformed JSON and a wrong content type keep their answers', async () => {
    assert.deepEqual(await patch(['{"first_name": ']), {
      connection: 'keep-alive',
      status: 400,
      body: {
        type: 'invalid_request',
        code: 'parse_error',
        detail: `JSON parse error - ${jsonError('{"first_name": ')}`,
        attr: null,
      },
    });
    const form = await send(server.url, {
      method: 'PATCH',
      path: '/api/users/@me/',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' },
      chunks: ['first_name=x'],
    });
    assert.equal(form.status, 415, JSON.stringify(form.body));
    assert.equal((form.body as { code: string }).code, 'unsupported_media_type');
  });

  test('a client that goes away mid-body is no server error, and the server goes on', async () => {
    await new Promise<void>((resolve) => {
      const req = http.request(new URL('/api/users/@me/', server.url), {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': '100',
        },
      });
      req.on('error', () => {});
      req.on('close', () => resolve());
      req.write('{"first_name": "Half');
      setTimeout(() => req.destroy(), 100);
    });
    // The write never happened, and the next one is served.
    const next = await patch([JSON.stringify({ first_name: 'Whole' })]);
    assert.equal((next.body as { first_name: string }).first_name, 'Whole');
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  test('nothing was logged as an error', () => {
    assert.deepEqual(
      server.logs.filter((line) => /error/i.test(line)),
      [],
    );
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}
