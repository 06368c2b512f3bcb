import { describe, expect, it } from 'vitest';
import { clientGroupQuery, machineQuery, portGroupQuery } from './log-search-queries.js';

describe('Log Search queries of the panes', () => {
  it('quote names so a value cannot end the string literal', () => {
    expect(machineQuery('m-"x\\')).toContain('Machine == "m-\\"x\\\\"');
  });

  it('name the rows behind client and server port groups', () => {
    expect(clientGroupQuery('m-1', ['10.0.0.1', '10.0.0.2'])).toContain('SourceIp in ("10.0.0.1", "10.0.0.2")');
    expect(portGroupQuery(['m-1'], 443)).toContain('DestinationPort == 443');
  });
});
