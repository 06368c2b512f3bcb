import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureDatabase, WireCell } from './testing/fixture-database.js';
import { runKql } from './testing/run-kql.js';
import { vmFixture } from './testing/vm-fixture.js';

let db: FixtureDatabase;
beforeAll(async () => {
  db = await vmFixture();
});
afterAll(() => {
  db.close();
});

/** `expression → [Kusto type, value on the wire]`, each run as `print v = expression`. */
const SCALARS: Record<string, [string, WireCell]> = {
  // literals and time
  'datetime(2024-01-02)': ['datetime', '2024-01-02T00:00:00Z'],
  'datetime(2024-01-02 03:04:05.5)': ['datetime', '2024-01-02T03:04:05.5Z'],
  '1d + 2h + 3m + 4s + 5ms': ['timespan', '1.02:03:04.0050000'],
  'timespan(1.02:03:04)': ['timespan', '1.02:03:04'],
  '-90s': ['timespan', '-00:01:30'],
  'ago(1h)': ['datetime', '2024-05-01T11:00:00Z'],
  'now()': ['datetime', '2024-05-01T12:00:00Z'],
  'now(-1d)': ['datetime', '2024-04-30T12:00:00Z'],
  'datetime(2024-05-01 12:00) - datetime(2024-05-01 10:30)': ['timespan', '01:30:00'],
  'datetime(2024-05-01) + 36h': ['datetime', '2024-05-02T12:00:00Z'],
  'bin(datetime(2024-05-01 10:07:30), 5m)': ['datetime', '2024-05-01T10:05:00Z'],
  'floor(datetime(2024-05-01 10:07:30), 1h)': ['datetime', '2024-05-01T10:00:00Z'],
  'bin(17, 5)': ['long', 15],
  'bin(17.5, 5.0)': ['real', 15],
  'floor(-3, 2)': ['long', -4],
  'startofday(datetime(2024-05-01 10:07))': ['datetime', '2024-05-01T00:00:00Z'],
  'startofweek(datetime(2024-05-01))': ['datetime', '2024-04-28T00:00:00Z'],
  'startofmonth(datetime(2024-05-21))': ['datetime', '2024-05-01T00:00:00Z'],
  'startofday(datetime(2017-01-01 10:10:17), 2)': ['datetime', '2017-01-03T00:00:00Z'],
  'startofmonth(datetime(2024-05-21), -1)': ['datetime', '2024-04-01T00:00:00Z'],
  // Our datetimes hold microseconds: Kusto's end of a period is .9999999, ours .999999.
  'endofday(datetime(2017-01-01 10:10:17))': ['datetime', '2017-01-01T23:59:59.999999Z'],
  'endofday(datetime(2017-01-01 10:10:17), -1)': ['datetime', '2016-12-31T23:59:59.999999Z'],
  'endofweek(datetime(2017-01-01 10:10:17), 1)': ['datetime', '2017-01-14T23:59:59.999999Z'],
  'endofmonth(datetime(2017-01-31 10:10:17), 1)': ['datetime', '2017-02-28T23:59:59.999999Z'],
  'endofyear(datetime(2017-01-01 10:10:17))': ['datetime', '2017-12-31T23:59:59.999999Z'],
  'format_timespan(timespan(29.09:00:05.12345), "dd.hh:mm:ss:FF")': ['string', '29.09:00:05:12'],
  'format_timespan(timespan(29.09:00:05.12345), "ddd.h:mm:ss [fffffff]")': ['string', '029.9:00:05 [1234500]'],
  'format_timespan(90m, "H:m [FFF]")': ['string', '1:30 []'],
  'format_datetime(datetime(2024-01-02 03:04:05), "yyyy-MM-dd HH:mm:ss")': ['string', '2024-01-02 03:04:05'],
  'datetime_part("hour", datetime(2024-01-02 03:04:05))': ['int', 3],
  'datetime_part("month", datetime(2024-01-02 03:04:05))': ['int', 1],
  'datetime_add("month", 2, datetime(2024-01-31))': ['datetime', '2024-03-31T00:00:00Z'],
  'datetime_add("minute", -90, datetime(2024-01-01))': ['datetime', '2023-12-31T22:30:00Z'],
  'datetime_diff("day", datetime(2024-01-03 01:00), datetime(2024-01-01 23:00))': ['long', 2],
  'datetime_diff("hour", datetime(2024-01-01 10:00), datetime(2024-01-01 12:30))': ['long', -2],
  'dayofweek(datetime(2024-05-01))': ['timespan', '3.00:00:00'],
  'dayofmonth(datetime(2024-05-21))': ['int', 21],
  'hourofday(datetime(2024-05-21 07:30))': ['int', 7],
  'getyear(datetime(2024-05-21))': ['int', 2024],
  'bin_at(datetime(2024-05-01 10:07), 1h, datetime(2024-05-01 00:30))': ['datetime', '2024-05-01T09:30:00Z'],
  'bin_at(17, 5, 1)': ['long', 16],
  'unixtime_seconds_todatetime(1714564800)': ['datetime', '2024-05-01T12:00:00Z'],
  'unixtime_milliseconds_todatetime(1714564800500)': ['datetime', '2024-05-01T12:00:00.5Z'],
  // arithmetic and comparison
  '7 / 2': ['long', 3],
  '2 * 1h': ['timespan', '02:00:00'],
  '1h / 2': ['timespan', '00:30:00'],
  '1h / 30m': ['real', 2],
  '7 / 2.0': ['real', 3.5],
  '7 % 3': ['long', 1],
  '2 + 3 * 4': ['long', 14],
  '-(2 - 5)': ['long', 3],
  '1 < 2 and not(2 < 1) or false': ['bool', true],
  '5 between (1 .. 10)': ['bool', true],
  '5 !between (1 .. 4)': ['bool', true],
  // string operators
  '"abc" contains "B"': ['bool', true],
  '"abc" contains_cs "B"': ['bool', false],
  '"abc" !contains "z"': ['bool', true],
  '"a-sql-b" has "SQL"': ['bool', true],
  '"mysql" has "sql"': ['bool', false],
  '"a-sql-b" has_cs "SQL"': ['bool', false],
  '"mysql" !has "sql"': ['bool', true],
  '"abc" startswith "AB"': ['bool', true],
  // LIKE's wildcards in a term are plain characters.
  '"abc" contains "%"': ['bool', false],
  '"a%c" contains "%"': ['bool', true],
  '"abc" contains "a_c"': ['bool', false],
  '"a_c" contains "a_c"': ['bool', true],
  '"a\\\\c" contains "\\\\"': ['bool', true],
  '"abc" startswith "_"': ['bool', false],
  '"x-50%" has "50"': ['bool', true],
  '"abc" endswith "BC"': ['bool', true],
  '"abc" matches regex "^a.c$"': ['bool', true],
  '"abc" == "abc"': ['bool', true],
  '"abc" != "abd"': ['bool', true],
  '"abc" =~ "ABC"': ['bool', true],
  '"abc" !~ "ABC"': ['bool', false],
  '"a" in ("a", "b")': ['bool', true],
  '"A" in~ ("a")': ['bool', true],
  '"c" !in ("a")': ['bool', true],
  '3 in (1, 2, 3)': ['bool', true],
  // string functions
  'strcat("x", 1, "y")': ['string', 'x1y'],
  'tolower("AbC")': ['string', 'abc'],
  'toupper("abc")': ['string', 'ABC'],
  'substring("hello", 1, 3)': ['string', 'ell'],
  'substring("hello", 2)': ['string', 'llo'],
  'split("a,b,c", ",")': ['dynamic', '["a","b","c"]'],
  'split("a,b,c", ",", 1)': ['dynamic', 'b'],
  'dynamic(["x", 1])': ['dynamic', '["x",1]'],
  'dynamic(2)': ['dynamic', '2'],
  'strlen("héllo")': ['long', 5],
  'strcat_delim("-", "a", 1, "b")': ['string', 'a-1-b'],
  'countof("a-b-c", "-")': ['long', 2],
  'sign(-3)': ['real', -1],
  // Longs beyond 2^53 travel as text and are cast to BIGINT, so they arrive exactly.
  '9223372036854775807 - 9223372036854775806': ['long', 1],
  '9007199254740993 % 10': ['long', 3],
  'isnan(1.0)': ['bool', false],
  'replace_string("aXbX", "X", "-")': ['string', 'a-b-'],
  'extract("([0-9]+)", 1, "ab123cd")': ['string', '123'],
  'trim(" ", "  hi  ")': ['string', 'hi'],
  'trim("[-=]", "-=x=-")': ['string', 'x'],
  // conditionals and nulls
  'iff(1 > 2, "y", "n")': ['string', 'n'],
  'iif(1 < 2, 1, 2)': ['long', 1],
  'case(1 > 2, "a", 2 > 1, "b", "c")': ['string', 'b'],
  'coalesce("", "x")': ['string', 'x'],
  'coalesce(long(null), 3)': ['long', 3],
  'isempty("")': ['bool', true],
  'isnotempty("a")': ['bool', true],
  'isnull(long(null))': ['bool', true],
  'isnotnull(1)': ['bool', true],
  // conversions
  'tostring(5)': ['string', '5'],
  'tostring(2.0)': ['string', '2'],
  'tostring(2.5)': ['string', '2.5'],
  'tostring(datetime(2024-01-01))': ['string', '2024-01-01T00:00:00Z'],
  'tostring(1h)': ['string', '01:00:00'],
  'toint("42")': ['int', 42],
  'toint("x")': ['int', null],
  'tolong(3.7)': ['long', 3],
  'toreal("1.5")': ['real', 1.5],
  'todatetime("2024-01-02T03:04:05Z")': ['datetime', '2024-01-02T03:04:05Z'],
  'totimespan("01:00:00")': ['timespan', '01:00:00'],
  // dynamic
  'dynamic([1, "a"])': ['dynamic', '[1,"a"]'],
  'parse_json(\'{"a":{"b":5}}\').a.b': ['dynamic', '5'],
  'parse_json(\'{"a":[1,2,3]}\')["a"][2]': ['dynamic', '3'],
  'tostring(parse_json(\'{"a":"x"}\').a)': ['string', 'x'],
  'array_length(dynamic([1,2,3]))': ['long', 3],
  'array_length(parse_json("{}"))': ['long', null],
  // Kusto: an empty string is no JSON value (null); other non-JSON text is a dynamic string.
  'parse_json("")': ['dynamic', null],
  'isnull(parse_json(""))': ['bool', true],
  'parse_json("not json")': ['dynamic', 'not json'],
  'bag_pack("k", 1, "s", "v")': ['dynamic', '{"k":1,"s":"v"}'],
  'pack("k", 2)': ['dynamic', '{"k":2}'],
};

describe('scalar functions and operators on DuckDB', () => {
  it.each(Object.entries(SCALARS))('%s', async (expression, [type, value]) => {
    const { header, rows } = await runKql(db, `print v = ${expression}`);
    expect(header).toEqual([`v:${type}`]);
    expect(rows).toEqual([[value]]);
  });
});

describe('Kusto null semantics for strings', () => {
  it('treats a null string as empty in comparisons and negated operators', async () => {
    const { rows } = await runKql(db, 'VMConnection | where isempty(AgentId) and AgentId == "" and AgentId != "x" and AgentId !contains "x" | count');
    expect(rows).toEqual([[6]]);
  });

  it('reads dynamic columns by member and index', async () => {
    const { rows } = await runKql(db, 'VMProcess | where Services.ports[1] == 443 | project ExecutableName, name = tostring(Services.name)');
    expect(rows).toEqual([['nginx', 'nginx']]);
  });

  it('finds a value inside a dynamic array with has', async () => {
    const { rows } = await runKql(db, 'VMComputer | where Ipv4Addresses has "192.168.1.1" | project HostName');
    expect(rows).toEqual([['web']]);
  });
});
