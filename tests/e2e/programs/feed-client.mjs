// A long-lived client (the database host's export feed to the legacy back-end): one connection
// kept open, a line every 5 s; reconnects after an error. It talks to nothing else, so a
// filtered group map leaves it out.
// Usage: node feed-client.mjs <host> <port>
import net from 'node:net';

const [host, port] = [process.argv[2], Number(process.argv[3])];

function connect() {
  const socket = net.connect({ host, port });
  socket.resume();
  const timer = setInterval(() => socket.write(`feed ${Date.now()}\n`), 5000);
  socket.on('connect', () => console.log('CONNECTED'));
  socket.on('error', () => {});
  socket.on('close', () => {
    clearInterval(timer);
    setTimeout(connect, 1000);
  });
}
connect();
