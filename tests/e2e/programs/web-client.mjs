// A client of the lab's web server (no agent): `count` GETs of `url`, `concurrency` at a time,
// each on a new connection (a burst of short-lived links). Prints one JSON line with the
// status codes and the bodies of the first replies.
// Usage: node web-client.mjs <url> <count> <concurrency>
import http from 'node:http';

const [url, count, concurrency] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];

function get() {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', (e) => resolve({ status: 0, body: e.code ?? e.message }));
  });
}

const results = [];
let next = 0;
async function worker() {
  while (next < count) {
    next += 1;
    results.push(await get());
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const statuses = {};
for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
console.log(JSON.stringify({ statuses, sample: results.slice(0, 2).map((r) => r.body) }));
