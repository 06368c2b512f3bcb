// A process entry for tests and benchmarks that spawn a real server: configured from the
// environment (SERVICEMAP_DATA_DIR, SERVICEMAP_HOST, SERVICEMAP_PORT, ...), stops on SIGTERM.
import { main } from '../main.js';

await main();
