// The lab's application server: a small HTTP service that, for each order, opens a new
// connection to Redis and to the legacy back-end on each of its ports (short-lived links, as an
// unpooled client makes them). `/sync` calls two dependencies that fail: a cache where nothing
// listens (refused) and a payments host that drops SYNs (timed out).
// Usage: node app-service.mjs <config JSON>
import http from 'node:http';
import net from 'node:net';

const config = JSON.parse(process.argv[2]);

/** Connects, writes `request`, resolves with the first reply line; rejects with the error code. */
function ask(host, port, request) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      reply += chunk;
      const end = reply.indexOf('\n');
      if (end >= 0) {
        socket.end();
        resolve(reply.slice(0, end).trim());
      }
    });
    socket.on('error', (e) => reject(new Error(e.code ?? e.message)));
  });
}

async function order() {
  const id = await ask(config.redis.host, config.redis.port, 'INCR orders\r\n');
  const legacy = [];
  for (const port of config.legacy.ports) legacy.push(await ask(config.legacy.host, port, `order ${id}\n`));
  return { id, legacy };
}

async function sync() {
  const outcome = async (dep) => ask(dep.host, dep.port, 'ping\n').then(() => 'ok', (e) => e.message);
  const [cache, payments] = await Promise.all([outcome(config.cache), outcome(config.payments)]);
  return { cache, payments };
}

const routes = { '/checkout': order, '/sync': sync };
const server = http.createServer((req, res) => {
  const route = routes[req.url ?? ''];
  if (!route) {
    res.writeHead(404).end();
    return;
  }
  route().then(
    (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
    (e) => res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: e.message })),
  );
});
server.listen({ port: config.port, host: '::', ipv6Only: false }, () => console.log('LISTENING'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
