/** "Show in Log Search": opens the Log Search page with a query over the pane's rows. */
export function LogSearchLink({ query, onOpen }: { readonly query: string; readonly onOpen: (query: string) => void }) {
  return (
    <button type="button" className="link-button" onClick={() => { onOpen(query); }}>Show in Log Search</button>
  );
}
