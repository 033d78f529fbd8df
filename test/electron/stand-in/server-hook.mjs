// Loaded into the server process by the stand-in's utilityProcess.fork (--import), never in
// production. It lets a test make the server busy (a synchronous job), make it send `notify`
// through the real protocol module, and see which key files the server opened.
import fs from 'node:fs';
import { register, syncBuiltinESMExports } from 'node:module';

const opened = [];
for (const name of ['openSync', 'readFileSync']) {
  const original = fs[name];
  fs[name] = function (file, ...rest) {
    if (typeof file === 'string' && /data\.key(\.sealed)?$/.test(file)) opened.push(file);
    return original.call(this, file, ...rest);
  };
}
syncBuiltinESMExports();

if (process.env.STANDIN_NATIVE_MISMATCH) register('./native-mismatch-hooks.mjs', import.meta.url);

// A slow start, to see the window's "Starting…" state.
if (process.env.STANDIN_SLOW_START_MS) {
  const end = Date.now() + Number(process.env.STANDIN_SLOW_START_MS);
  while (Date.now() < end) {
    // busy
  }
}

const channel = new URL('../../../dist/main/server-process/parent-channel.js', import.meta.url).href;

// Listen only once the entry listens: a listener here alone would take `start` before the entry
// could see it.
const attach = setInterval(() => {
  if (process.listenerCount('message') === 0) return;
  clearInterval(attach);
  process.on('message', onMessage);
}, 5);

async function onMessage(message) {
  if (!message || typeof message.testHook !== 'string') return;
  if (message.testHook === 'block') {
    const end = Date.now() + message.ms;
    while (Date.now() < end) {
      // A synchronous job: this process answers nothing until it ends.
    }
  } else if (message.testHook === 'notify') {
    const { sendNotification } = await import(channel);
    sendNotification(message.title, message.body);
  } else if (message.testHook === 'report') {
    process.send({ testHookReport: { opened, argv: process.argv, env: process.env } });
  }
}
