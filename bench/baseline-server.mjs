// The physical limit for the bench: a raw node:http hello-world, started the same way as
// `userdesk serve` (a separate Node process on 127.0.0.1:0 that prints its URL once listening).
import http from 'node:http';

const body = Buffer.from('ok');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`Baseline listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
