import { describe } from 'vitest';
import { vmFixture } from './testing/vm-fixture.js';
import { itReturnsEach, useFixture, type RowCase } from './testing/kql-cases.js';

const fixture = useFixture(vmFixture);

// Rows worked out by hand from testing/vm-fixture.ts (six connections, BytesSent 1000+3000+100+500+10+30).
const CASES: Record<string, RowCase> = {
  'scalar function in extend, default parameter unused': {
    kql: 'let f = (x:long, y:string = "d") { x * 2 }; VMConnection | extend z = f(BytesSent) | summarize sum(z)',
    header: ['sum_z:long'], rows: [[9280]],
  },
  'default parameter value and an explicit one': {
    kql: 'let f = (x:long, y:string = "d") { strcat(y, tostring(x)) }; print a = f(1), b = f(2, "e")',
    header: ['a:string', 'b:string'], rows: [['d1', 'e2']],
  },
  'body with its own let and an earlier let': {
    kql: 'let a = 3; let f = (x:long) { let b = 2; x * a * b }; print f(1)', header: ['print_0:long'], rows: [[6]],
  },
  'a function calling another': {
    kql: 'let dbl = (x:long) { x * 2 }; let quad = (x:long) { dbl(dbl(x)) }; print quad(3)', header: ['print_0:long'], rows: [[12]],
  },
  'a predicate function in where': {
    kql: 'let isWeb = (m:string) { m == "m-web" }; VMConnection | where isWeb(Machine) | count', header: ['Count:long'], rows: [[3]],
  },
  'tabular function with a scalar parameter': {
    kql: 'let g = (n:int) { VMConnection | take n }; g(5) | count', header: ['Count:long'], rows: [[5]],
  },
  'tabular function over an earlier tabular let': {
    kql: 'let web = VMConnection | where Machine == "m-web"; let big = (least:long) { web | where BytesSent >= least }; big(1000) | count',
    header: ['Count:long'], rows: [[2]],
  },
  'tabular parameter': {
    kql: 'let h = (T:(Computer:string)) { T | distinct Computer }; h(VMConnection)',
    header: ['Computer:string'], rows: [['m-app.corp'], ['m-web.corp']],
  },
  'tabular parameter given a query': {
    kql: 'let h = (T:(Machine:string)) { T | summarize n = count() by Machine }; h((VMConnection | where Direction == "outbound"))',
    header: ['Machine:string', 'n:long'], rows: [['m-app', 3], ['m-web', 1]],
  },
};

describe('user functions (let f = (…) {…}), inlined', () => {
  itReturnsEach(CASES, fixture);
});
