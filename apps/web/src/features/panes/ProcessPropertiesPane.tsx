import { processNodeId } from '../service-map/build-map-view.js';
import { formatTime } from './format-values.js';
import { processQuery } from './log-search-queries.js';
import { LogSearchLink } from './LogSearchLink.js';
import type { PaneProps } from './pane-props.js';
import { PropertyTable } from './PropertyTable.js';

/** Process Properties: what runs, as whom, from where, since when. */
export function ProcessPropertiesPane({ data, id, onLogSearch }: PaneProps) {
  const process = data.response.map.nodes.processes.find((p) => processNodeId(p.properties.machine?.name ?? '', p.name) === id);
  const p = process?.properties;
  const user = p?.user;
  const machine = p?.machine?.name ?? '';
  return (
    <section aria-labelledby="process-properties-title">
      <h3 id="process-properties-title">Process Properties</h3>
      <PropertyTable rows={[
        ['Name', p?.displayName ?? p?.executableName],
        ['Description', p?.details?.description],
        ['User', user === undefined ? undefined : [user.userDomain, user.userName].filter((x) => x !== undefined && x !== '').join('\\')],
        ['Company', p?.details?.companyName],
        ['Product', p?.details?.productName],
        ['Version', p?.details?.productVersion],
        ['Group', p?.group],
        ['Executable', p?.details?.executablePath],
        ['Working directory', p?.details?.workingDirectory],
        ['Command line', p?.details?.commandLine === undefined ? undefined : <code>{p.details.commandLine}</code>],
        ['Start time', formatTime(p?.startTime)],
        ['First PID', p?.details?.firstPid],
        ['Resource name', process?.name],
      ]} />
      {process !== undefined && <div className="pane-actions"><LogSearchLink query={processQuery(machine, process.name)} onOpen={onLogSearch} /></div>}
    </section>
  );
}
