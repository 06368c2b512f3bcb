// The lab's legacy back-end (no agent): answers each line on each of its ports.
// Usage: node legacy-backend.mjs <port> [<port> ...]
import net from 'node:net';

const ports = process.argv.slice(2).map(Number);
let listening = 0;
for (const port of ports) {
  const server = net.createServer((socket) => {
    socket.setEncoding('utf8');
    socket.on('error', () => {});
    socket.on('data', (line) => socket.write(`ok ${port} ${line.trim()}\n`));
  });
  server.listen({ port, host: '0.0.0.0' }, () => {
    listening += 1;
    if (listening === ports.length) console.log('LISTENING');
  });
}
