import { describe, expect, it } from 'vitest';
import { runKql } from './testing/run-kql.js';
import { vmFixture } from './testing/vm-fixture.js';
import { itPrintsEach, useFixture, type PrintCase } from './testing/kql-cases.js';

const fixture = useFixture(vmFixture);

/** `query → [Kusto type, value]`, mostly the examples of Kusto's documentation. */
const CASES: PrintCase[] = [
  ['print v = strcat_array(dynamic([1, 2, 3]), "->")', 'string', '1->2->3'],
  ['print v = strcat_array(dynamic(["a", null, {"b":1}]), ",")', 'string', 'a,,{"b":1}'],
  ['print v = strcat_array(array_sort_asc(split("John,Paul,George,Ringo", ",")), ",")', 'string', 'George,John,Paul,Ringo'],
  ['print v = array_concat(dynamic([1, 2]), dynamic(["a"]), dynamic([]))', 'dynamic', '[1,2,"a"]'],
  ['print v = array_concat(dynamic([1]), parse_json("{}"))', 'dynamic', null],
  ['print v = array_slice(dynamic([1, 2, 3]), 1, 2)', 'dynamic', '[2,3]'],
  ['print v = array_slice(dynamic([1, 2, 3, 4, 5]), 2, -1)', 'dynamic', '[3,4,5]'],
  ['print v = array_slice(dynamic([1, 2, 3, 4, 5]), -3, -2)', 'dynamic', '[3,4]'],
  ['print v = array_slice(dynamic([1, 2, 3]), 5, 10)', 'dynamic', '[]'],
  ['print v = array_sum(dynamic([1, 2, 3, 4]))', 'real', 10],
  ['print v = array_sum(dynamic([1.5, "a"]))', 'real', null],
  ['print v = array_reverse(dynamic([1, "b", null]))', 'dynamic', '[null,"b",1]'],
  ['print v = array_sort_asc(dynamic([null, "blue", "yellow", "green", null]))', 'dynamic', '["blue","green","yellow",null,null]'],
  ['print v = array_sort_asc(dynamic([null, "blue", "yellow", "green", null]), false)', 'dynamic', '[null,null,"blue","green","yellow"]'],
  ['print v = array_sort_asc(dynamic(["b", 10, "a", 2.5, true]))', 'dynamic', '[2.5,10,"a","b",true]'],
  ['print v = array_sort_desc(dynamic([1, 3, null, 2]))', 'dynamic', '[3,2,1,null]'],
  ['print v = array_sort_desc(dynamic(["a", "c", "b"]), false)', 'dynamic', '["c","b","a"]'],
  ['print v = set_union(dynamic([1, 2, 1, 4]), dynamic([1, 2]), dynamic([8]))', 'dynamic', '[1,2,4,8]'],
  ['print v = set_union(dynamic(["A4", "A2", "A7", "A2"]), dynamic(["A4", "A2", "A7", "A2"]))', 'dynamic', '["A4","A2","A7"]'],
  ['print v = set_intersect(dynamic([1, 2, 3, 1]), dynamic([3, 1, 5]))', 'dynamic', '[1,3]'],
  ['print v = set_intersect(dynamic([1, 2, 3]), dynamic([3, 2]), dynamic([2]))', 'dynamic', '[2]'],
  ['print v = set_difference(dynamic([1, 2, 3, 1]), dynamic([3, 5]))', 'dynamic', '[1,2]'],
  ['print v = set_difference(dynamic(["a", "b"]), dynamic(["b"]), dynamic(["a"]))', 'dynamic', '[]'],
  ['print v = set_has_element(dynamic(["this", "is", "an", "example"]), "example")', 'bool', true],
  ['print v = set_has_element(dynamic([1, 2, 3]), 4)', 'bool', false],
  ['print v = bag_keys(dynamic({"a": "b", "c": 123}))', 'dynamic', '["a","c"]'],
  ['print v = gettype("a")', 'string', 'string'],
  ['print v = gettype(111)', 'string', 'long'],
  ['print v = gettype(1 == 1)', 'string', 'bool'],
  ['print v = gettype(now())', 'string', 'datetime'],
  ['print v = gettype(1s)', 'string', 'timespan'],
  ['print v = gettype(123.45)', 'string', 'real'],
  ['print v = gettype(parse_json("1"))', 'string', 'int'],
  ['print v = gettype(parse_json("5000000000"))', 'string', 'long'],
  ['print v = gettype(parse_json(\' "abc" \'))', 'string', 'string'],
  ['print v = gettype(parse_json(\' {"abc":1} \'))', 'string', 'dictionary'],
  ['print v = gettype(parse_json(" [1, 2, 3] "))', 'string', 'array'],
  ['print v = gettype(parse_json("null"))', 'string', 'null'],
];

describe('dynamic array and bag functions on DuckDB', () => {
  itPrintsEach(CASES, fixture);

  it('finds positions with array_index_of as the documentation shows', async () => {
    const { header, rows } = await runKql(fixture(), `let arr = dynamic(["this", "is", "an", "example", "an", "example"]);
      print idx1 = array_index_of(arr, "an"), idx2 = array_index_of(arr, "example", 1, 3), idx3 = array_index_of(arr, "example", 1, 2),
        idx4 = array_index_of(arr, "is", 2, 4), idx5 = array_index_of(arr, "example", 2, -1), idx6 = array_index_of(arr, "an", 1, -1, 2),
        idx7 = array_index_of(arr, "an", 1, -1, 3), idx8 = array_index_of(arr, "an", -3), idx9 = array_index_of(arr, "is", -4),
        bad = array_index_of(arr, "an", 0, -2)`);
    expect(header).toEqual([...Array.from({ length: 9 }, (_, i) => `idx${i + 1}:long`), 'bad:long']);
    expect(rows).toEqual([[2, 3, -1, -1, 3, 4, -1, 4, -1, null]]);
  });

  it('lists the keys of bags only', async () => {
    const { rows } = await runKql(fixture(), `datatable(index:long, d:dynamic) [
      1, dynamic({"a":"b", "c":123}), 2, dynamic({"a":"b", "c":{"d":123}}), 4, dynamic(null), 5, dynamic({}), 6, dynamic("a"), 7, dynamic([])]
      | project index, keys = bag_keys(d)`);
    expect(rows).toEqual([[1, '["a","c"]'], [2, '["a","c"]'], [4, null], [5, '[]'], [6, null], [7, null]]);
  });

  it('works on arrays built by summarize', async () => {
    const { rows } = await runKql(fixture(), `VMConnection | summarize ports = make_set(DestinationPort), ips = make_set(RemoteIp) by Machine
      | project Machine, ports = array_sort_asc(ports), ips = strcat_array(array_sort_desc(ips), " "), total = array_sum(ports), hasRedis = set_has_element(ports, 6379)
      | sort by Machine asc`);
    expect(rows).toEqual([
      ['m-app', '[5432,6379]', '10.0.0.3 10.0.0.2', 11811, true],
      ['m-web', '[443,5432]', '10.0.0.2 10.0.0.1', 5875, false],
    ]);
  });
});
