import { describe } from 'vitest';
import { vmFixture } from './testing/vm-fixture.js';
import { itReturnsEach, useFixture, type RowCase } from './testing/kql-cases.js';

const fixture = useFixture(vmFixture);

// Rows worked out by hand from testing/vm-fixture.ts; neither operator promises a row order.
const CASES: Record<string, RowCase> = {
  'top-nested, two levels': {
    kql: 'VMConnection | top-nested 3 of Computer by count(), top-nested 2 of DestinationPort by sum(BytesSent)',
    header: ['Computer:string', 'aggregated_Computer:long', 'DestinationPort:int', 'aggregated_DestinationPort:long'],
    rows: [['m-app.corp', 3, 5432, 500], ['m-app.corp', 3, 6379, 40], ['m-web.corp', 3, 443, 4000], ['m-web.corp', 3, 5432, 100]],
  },
  'top-nested keeps the best per parent': {
    kql: 'VMConnection | top-nested 1 of Machine by sum(BytesSent), top-nested 1 of Process by count()',
    header: ['Machine:string', 'aggregated_Machine:long', 'Process:string', 'aggregated_Process:long'], rows: [['m-web', 4100, 'p-nginx', 2]],
  },
  'top-nested asc, named columns, a level without N': {
    kql: 'VMConnection | top-nested 1 of M = Machine by Total = sum(BytesSent) asc, top-nested of DestinationIp by count()',
    header: ['M:string', 'Total:long', 'DestinationIp:string', 'aggregated_DestinationIp:long'],
    rows: [['m-app', 540, '10.0.0.2', 1], ['m-app', 540, '10.0.0.3', 2]],
  },
  'mv-apply summarize per row, other columns kept': {
    kql: 'VMComputer | mv-apply ip = Ipv4Addresses to typeof(string) on (summarize n = count()) | project Computer, n',
    header: ['Computer:string', 'n:long'], rows: [['app.corp', 1], ['web.corp', 2]],
  },
  'mv-apply in place drops the array': {
    kql: 'print l = dynamic([1,2,3]), k = 1 | mv-apply l to typeof(long) on (summarize s = sum(l))', header: ['k:long', 's:long'], rows: [[1, 6]],
  },
  'mv-apply top per row': {
    kql: 'datatable(k:long, l:dynamic) [1, dynamic([5, 1, 4]), 2, dynamic([7, 9])] | mv-apply x = l to typeof(long) on (top 2 by x) | project k, x',
    header: ['k:long', 'x:long'], rows: [[1, 5], [1, 4], [2, 9], [2, 7]],
  },
  'mv-apply where and extend': {
    kql: 'VMComputer | mv-apply ip = Ipv4Addresses to typeof(string) on (where ip startswith "10." | extend n = strlen(ip)) | project Computer, ip, n',
    header: ['Computer:string', 'ip:string', 'n:long'], rows: [['app.corp', '10.0.0.4', 8], ['web.corp', '10.0.0.1', 8]],
  },
  'mv-apply count and take per row': {
    kql: 'datatable(k:long, l:dynamic) [1, dynamic([5, 1, 4]), 2, dynamic([7, 9])] | mv-apply x = l on (take 1 | count)',
    header: ['k:long', 'l:dynamic', 'Count:long'], rows: [[1, '[5,1,4]', 1], [2, '[7,9]', 1]],
  },
};

describe('top-nested and mv-apply', () => {
  itReturnsEach(CASES, fixture);
});
