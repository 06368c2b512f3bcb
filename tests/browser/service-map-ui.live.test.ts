import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerChild } from '../../apps/server/src/testing/spawn-server.js';
import { startUiServer, type UiServer } from './ui-server.js';
import { BROWSER_WORLD, machineName } from './browser-world.js';
import { boxOf, colourShare, mapIds, pillsOf, pointOf, screenshot, waitForMapElement, type ClientBox, type DrawnPill } from './browser-session.js';

// The UI as users meet it: a real server child process on 127.0.0.1 serving the built UI (the
// live tests' global setup runs scripts/build.mjs), loaded through the real ingest route, driven
// in Debian's Chromium with mouse and keyboard. Each step builds on the previous one's page.

const APP1 = machineName(BROWSER_WORLD.app1.agentId);
const WEB1 = machineName(BROWSER_WORLD.web1.agentId);
const DB1 = machineName(BROWSER_WORLD.db1.agentId);
const JAVA_GROUP = `${APP1}|group:java`;

let ui: UiServer | undefined;
let server: ServerChild | undefined;
let page: Page;

beforeAll(async () => {
  ui = await startUiServer('sm-browser-');
  server = ui.server;
  page = ui.page;
}, 120_000);

afterAll(async () => {
  await ui?.close();
});

async function signIn(target: Page, url: string): Promise<void> {
  await target.goto(url);
  await target.getByLabel('API token').fill(server?.credentials.adminToken ?? '');
  await target.getByRole('button', { name: 'Sign in' }).click();
}

/** Clicks a map element like a user: when it is outside the visible canvas, first fit the map (key 0). */
const click = async (id: string, options: { button?: 'right'; double?: boolean } = {}): Promise<void> => {
  let at = await pointOf(page, id);
  const box = await page.getByTestId('map-canvas').boundingBox();
  if (box === null) throw new Error('no canvas');
  if (at.x < box.x + 20 || at.x > box.x + box.width - 20 || at.y < box.y + 20 || at.y > box.y + box.height - 20) {
    await page.getByTestId('map-canvas').focus();
    await page.keyboard.press('0');
    await page.waitForTimeout(100);
    at = await pointOf(page, id);
  }
  if (options.double === true) await page.mouse.dblclick(at.x, at.y);
  else await page.mouse.click(at.x, at.y, options.button === undefined ? {} : { button: options.button });
};

/** The warning colour of each theme (apps/web canvas-palette.ts, styles.css --severity-warning). */
const WARNING = { light: [191, 135, 0], dark: [227, 179, 65] } as const;

/** The machine's one badge pill, once drawn. */
async function onePill(machine: string): Promise<DrawnPill> {
  await expect.poll(async () => (await pillsOf(page, machine)).length).toBe(1);
  const [pill] = await pillsOf(page, machine);
  if (pill === undefined) throw new Error(`no pill under ${machine}`);
  return pill;
}

/** How far a pill's centre is from its machine's bottom border, in pill heights (0: on it). */
const offBorder = (pill: ClientBox, host: ClientBox): number => Math.abs((pill.y1 + pill.y2) / 2 - host.y2) / (pill.y2 - pill.y1);

/** A pill sits under its machine: centred on it, on its bottom border (the border's width apart). */
function expectOnBottomBorder(pill: ClientBox, host: ClientBox): void {
  expect(Math.abs((pill.x1 + pill.x2) / 2 - (host.x1 + host.x2) / 2)).toBeLessThan(1.5);
  expect(offBorder(pill, host)).toBeLessThan(0.25);
}

/** Whether the Status heading of the Machine Summary has the keyboard focus. */
const statusFocused = (): Promise<boolean> => page.getByRole('complementary', { name: 'Selection details' }).getByRole('heading', { name: 'Status' })
  .evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);

describe('the web UI', () => {
  it('refuses a bad token and signs in with a good one, then lists the machines', async () => {
    await page.goto(`${server?.url ?? ''}/`);
    await page.getByLabel('API token').fill('smt_not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('did not accept');
    await signIn(page, `${server?.url ?? ''}/`);
    const machines = page.getByRole('list', { name: 'Machines' });
    await machines.getByRole('button', { name: /app1/ }).waitFor();
    expect(await machines.getByRole('listitem').count()).toBe(3);
    await page.getByLabel('Search machines').fill('db');
    await expect.poll(() => machines.getByRole('listitem').count()).toBe(1);
    await page.getByLabel('Search machines').fill('');
    await expect.poll(() => page.getByLabel('Workspace summary').textContent()).toContain('3 machines, 3 live');
    await page.getByLabel('Live in range only').uncheck();
    await expect.poll(() => machines.getByRole('button', { name: /\(live\)/ }).count()).toBe(3);
    await page.getByLabel('Live in range only').check();
    await screenshot(page, '01-signed-in');
  });

  it('draws a machine with its clients to the left and its servers to the right', async () => {
    await page.getByRole('list', { name: 'Machines' }).getByRole('button', { name: /app1/ }).click();
    await waitForMapElement(page, WEB1);
    await waitForMapElement(page, DB1);
    await waitForMapElement(page, 'port:443');
    const [focus, client, db] = await Promise.all([pointOf(page, APP1), pointOf(page, WEB1), pointOf(page, DB1)]);
    expect(client.x).toBeLessThan(focus.x);
    expect(db.x).toBeGreaterThan(focus.x);
    expect(new URL(page.url()).searchParams.get('machine')).toBe(APP1);
    expect(new URL(page.url()).searchParams.get('range')).toBe('30m');
    await screenshot(page, '02-machine-map');
  });

  it('opens Machine Summary and Machine Properties of a selected machine', async () => {
    await click(APP1);
    const pane = page.getByRole('complementary', { name: 'Selection details' });
    await pane.getByRole('heading', { name: 'Machine Summary' }).waitFor();
    expect(await pane.textContent()).toMatch(/Failed connections\s*1/);
    await pane.getByRole('tab', { name: 'Machine Properties' }).click();
    await pane.getByRole('heading', { name: 'Machine Properties' }).waitFor();
    const text = await pane.textContent();
    expect(text).toContain('app1.example.internal');
    expect(text).toContain(BROWSER_WORLD.app1.ip);
    expect(text).toContain('fd00:20::2');
    expect(text).toMatch(/Virtualizationvirtual/);
    expect(text).toContain(BROWSER_WORLD.app1.agentId);
    expect(new URL(page.url()).searchParams.get('sel')).toBe(APP1);
    await screenshot(page, '03-machine-properties');
  });

  it('draws the badge of a machine with failed connections as a pill that follows it and opens its status', async () => {
    // app1's connection to an agentless back-end only failed: one warning, count 1, in the theme's colour.
    const pill = await onePill(APP1);
    expect(pill).toMatchObject({ severity: 'warning', provider: 'connections', text: '1', colour: `rgb(${WARNING.light.join(',')})` });
    await expect.poll(() => colourShare(page, pill.box, WARNING.light)).toBeGreaterThan(0.4);
    expectOnBottomBorder(pill.box, await boxOf(page, APP1));
    // Machines without failures have none; the selected machine's badges are told in words.
    expect(await pillsOf(page, WEB1)).toEqual([]);
    expect(await page.getByTestId('map-selection-description').textContent()).toContain('Status warning: 1 connection(s) only failed in the range');
    // Zoom in (key +) and pan (drag the background): the pill grows with the map and stays under app1.
    await page.getByTestId('map-canvas').focus();
    await page.keyboard.press('+');
    await expect.poll(async () => (await onePill(APP1)).box.x2 - (await onePill(APP1)).box.x1).toBeGreaterThan((pill.box.x2 - pill.box.x1) * 1.2);
    const canvas = await page.getByTestId('map-canvas').boundingBox();
    if (canvas === null) throw new Error('no canvas');
    const before = await boxOf(page, APP1);
    await page.mouse.move(canvas.x + 12, canvas.y + canvas.height - 12);
    await page.mouse.down();
    await page.mouse.move(canvas.x + 72, canvas.y + canvas.height - 52, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await boxOf(page, APP1)).x1 - before.x1).toBeCloseTo(60, 0);
    const zoomed = await onePill(APP1);
    expectOnBottomBorder(zoomed.box, await boxOf(page, APP1));
    await expect.poll(() => colourShare(page, zoomed.box, WARNING.light)).toBeGreaterThan(0.4);
    // The pane shows Machine Properties; B (keyboard) and a click on the pill bring Machine Summary, at Status.
    const pane = page.getByRole('complementary', { name: 'Selection details' });
    expect(await pane.getByRole('heading', { name: 'Machine Properties' }).count()).toBe(1);
    await page.getByTestId('map-canvas').focus();
    await page.keyboard.press('b');
    await pane.getByRole('heading', { name: 'Machine Summary' }).waitFor();
    await expect.poll(statusFocused).toBe(true);
    await pane.getByRole('tab', { name: 'Machine Properties' }).click();
    await pane.getByRole('heading', { name: 'Machine Properties' }).waitFor();
    await page.mouse.click((zoomed.box.x1 + zoomed.box.x2) / 2, (zoomed.box.y1 + zoomed.box.y2) / 2);
    await pane.getByRole('heading', { name: 'Machine Summary' }).waitFor();
    await expect.poll(statusFocused).toBe(true);
    expect(await pane.getByRole('list', { name: 'Status' }).textContent()).toContain('1 connection(s) only failed in the range');
    expect(new URL(page.url()).searchParams.get('sel')).toBe(APP1);
    // A pill is no node of its own: the double-tap of the next step still lands on app1.
    expect(new URL(page.url()).searchParams.getAll('x')).toEqual([]);
    await page.getByTestId('map-canvas').focus();
    await page.keyboard.press('0');
    await page.getByTestId('map-canvas').blur();
    await screenshot(page, '03b-badge-status');
  });

  it('expands a machine into its process group and processes, with Process Properties and Summary', async () => {
    const collapsed = await boxOf(page, APP1);
    await click(APP1, { double: true });
    await waitForMapElement(page, JAVA_GROUP);
    // Relaid out as a box around its processes, app1 keeps its pill on its (new) bottom border.
    await expect.poll(async () => offBorder((await onePill(APP1)).box, await boxOf(page, APP1))).toBeLessThan(0.25);
    const host = await boxOf(page, APP1);
    expect(host.y2 - host.y1).toBeGreaterThan(collapsed.y2 - collapsed.y1 + 5);
    expectOnBottomBorder((await onePill(APP1)).box, host);
    await click(JAVA_GROUP, { double: true });
    const javaB = `${APP1}|${BROWSER_WORLD.app1.javaB}`;
    await waitForMapElement(page, javaB);
    expect(new URL(page.url()).searchParams.getAll('x').sort()).toEqual([APP1, JAVA_GROUP].sort());
    await click(javaB);
    const pane = page.getByRole('complementary', { name: 'Selection details' });
    await pane.getByRole('tab', { name: 'Process Summary' }).click();
    await pane.getByRole('heading', { name: 'Process Summary' }).waitFor();
    const summary = await pane.textContent();
    expect(summary).toContain(':8081');
    expect(summary).toMatch(/Failed connections\s*1/);
    await pane.getByRole('tab', { name: 'Process Properties' }).click();
    await pane.getByRole('heading', { name: 'Process Properties' }).waitFor();
    const properties = await pane.textContent();
    for (const expected of ['java service', 'svc', 'Example Corp', '2.1', '/srv/java', 'java --serve']) expect(properties).toContain(expected);
    await screenshot(page, '04-expanded-process');
  });

  it('shows the member addresses of a client group and a server port group that expands into its servers', async () => {
    const clientGroup = `m!${APP1}!p!${BROWSER_WORLD.app1.javaB}`;
    await click(clientGroup);
    const pane = page.getByRole('complementary', { name: 'Selection details' });
    await pane.getByRole('heading', { name: 'Client Group Properties' }).waitFor();
    const members = await pane.getByRole('list', { name: 'Member addresses' }).textContent();
    for (const ip of BROWSER_WORLD.agentlessClients) expect(members).toContain(ip);
    await click('port:443');
    await pane.getByRole('heading', { name: 'Server Port Group Properties' }).waitFor();
    // Two quick clicks on different nodes are no double click: nothing expanded.
    expect(new URL(page.url()).searchParams.getAll('x')).not.toContain('port:443');
    expect(await pane.textContent()).toMatch(/Servers\s*2/);
    await click('port:443', { double: true });
    await waitForMapElement(page, 't-0a140909');
    await waitForMapElement(page, 't-0a14090a');
    await screenshot(page, '05-groups-expanded');
  });

  it('shows the figures of a failed connection', async () => {
    const edge = `${APP1}|${BROWSER_WORLD.app1.javaB}->t-0a140909`;
    await click(edge);
    const pane = page.getByRole('complementary', { name: 'Selection details' });
    await pane.getByRole('heading', { name: 'Connection', level: 3 }).waitFor();
    const text = await pane.textContent();
    expect(text).toMatch(/StateFailed/);
    expect(text).toMatch(/Links failed\s*5/);
    expect(text).toMatch(/Links established\s*0/);
    await pane.getByRole('button', { name: 'Show in Log Search' }).click();
    await page.getByRole('heading', { name: 'Log Search' }).waitFor();
    // The pane's query lands in the URL and runs at once.
    expect(new URL(page.url()).searchParams.get('q')).toContain('DestinationPort in (443)');
    await page.getByTestId('row-count').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Back to the map' }).click();
    await waitForMapElement(page, edge);
  });

  it('follows a shared URL in a new tab: same focus, range, expansion and selection after sign-in', async () => {
    const shared = page.url();
    const other = await ui?.context.newPage();
    if (other === undefined) throw new Error('no browser');
    await signIn(other, shared);
    await waitForMapElement(other, 't-0a140909');
    await other.getByRole('complementary', { name: 'Selection details' }).getByRole('heading', { name: 'Connection', level: 3 }).waitFor();
    expect(new URL(other.url()).searchParams.toString()).toBe(new URL(shared).searchParams.toString());
    await screenshot(other, '06-shared-url');
    await other.close();
  });

  it('refocuses through the machine menu and toggles self-links', async () => {
    await page.getByRole('button', { name: 'Collapse all' }).click();
    await click(DB1, { button: 'right' });
    const menu = page.getByRole('menu', { name: 'Machine menu' });
    const before = await pointOf(page, DB1);
    await menu.getByRole('menuitem', { name: 'Show Self-Links' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('self')).toBe('1');
    // The map is read again with self-links; nothing moves (no jumps on refresh).
    await page.waitForTimeout(300);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'nodes' }).textContent()).not.toContain('refreshing');
    expect(await pointOf(page, DB1)).toEqual(before);
    await click(DB1, { button: 'right' });
    await screenshot(page, '07-machine-menu');
    await menu.getByRole('menuitem', { name: 'Load Server Map' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('machine')).toBe(DB1);
    // db1's map has app1 as its client and no web1 (which calls app1, not db1).
    await expect.poll(() => mapIds(page)).not.toContain(WEB1);
    await waitForMapElement(page, APP1);
    const [db, app] = await Promise.all([pointOf(page, DB1), pointOf(page, APP1)]);
    expect(app.x).toBeLessThan(db.x);
  });

  it('moves through the map with the keyboard', async () => {
    await page.getByTestId('map-canvas').focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).not.toBeNull();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe(APP1);
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.getAll('x')).toContain(APP1);
  });

  it('creates a group from selected machines, switches its process filter, renames and deletes it', async () => {
    await page.getByRole('checkbox', { name: 'Select app1' }).check();
    await page.getByRole('checkbox', { name: 'Select db1' }).check();
    await page.getByRole('tab', { name: 'Groups' }).click();
    await page.getByLabel(/New group from 2 selected/).fill('backend');
    await page.getByRole('button', { name: 'Create group' }).click();
    const groups = page.getByRole('list', { name: 'Machine groups' });
    await groups.getByRole('button', { name: /backend/ }).first().waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get('group')).not.toBeNull();
    await waitForMapElement(page, WEB1);
    await waitForMapElement(page, DB1);
    await screenshot(page, '08-group-map');
    await page.getByLabel('Group process filter').selectOption('connected');
    await expect.poll(() => new URL(page.url()).searchParams.get('filter')).toBe('connected');
    await waitForMapElement(page, DB1);
    await groups.getByRole('button', { name: 'Edit backend' }).click();
    await page.getByLabel('Group name').fill('backend-renamed');
    await page.getByRole('button', { name: 'Rename' }).click();
    await groups.getByRole('button', { name: /backend-renamed/ }).first().waitFor();
    await page.getByRole('button', { name: 'Remove db1' }).click();
    await expect.poll(() => groups.getByRole('button', { name: /backend-renamed \(1\)/ }).count()).toBe(1);
    await page.getByRole('tab', { name: 'Machines' }).click();
    await page.getByRole('checkbox', { name: 'Select web1' }).check();
    await page.getByRole('tab', { name: 'Groups' }).click();
    await groups.getByRole('button', { name: 'Edit backend-renamed' }).click();
    await page.getByRole('button', { name: 'Add 1 selected' }).click();
    await expect.poll(() => groups.getByRole('button', { name: /backend-renamed \(2\)/ }).count()).toBe(1);
    expect(await page.getByRole('list', { name: 'Members' }).textContent()).toContain('web1');
    await page.getByRole('button', { name: 'Delete group' }).click();
    await page.getByRole('button', { name: 'Really delete' }).click();
    await expect.poll(() => groups.getByRole('button', { name: /backend/ }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('group')).toBeNull();
  });

  it('is readable in the dark theme', async () => {
    await page.getByRole('tab', { name: 'Machines' }).click();
    await page.getByRole('list', { name: 'Machines' }).getByRole('button', { name: /app1/ }).click();
    await waitForMapElement(page, DB1);
    await page.getByRole('button', { name: 'Switch theme' }).click();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme)).toBe('dark');
    await click(APP1);
    await page.getByTestId('map-canvas').focus();
    await page.keyboard.press('0');
    await page.waitForTimeout(100);
    const pill = await onePill(APP1);
    expect(pill.colour).toBe(`rgb(${WARNING.dark.join(',')})`);
    await expect.poll(async () => colourShare(page, (await onePill(APP1)).box, WARNING.dark)).toBeGreaterThan(0.4);
    await page.getByTestId('map-canvas').blur();
    await screenshot(page, '09-dark-theme');
  });

  it('finds a node by search and centres it, and takes a custom range within retention', async () => {
    await page.getByLabel('Find on map').fill('db1');
    await page.getByLabel('Find on map').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe(DB1);
    await page.getByLabel('Time range').selectOption('custom');
    const now = Date.now();
    const local = (ms: number): string => new Date(ms).toISOString().slice(0, 16);
    await page.getByLabel('From (UTC)').fill(local(now - 40 * 86_400_000));
    await page.getByLabel('To (UTC)').fill(local(now));
    expect(await page.getByRole('status').filter({ hasText: 'retention' }).textContent()).toContain('30-day retention');
    expect(await page.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    await page.getByLabel('From (UTC)').fill(local(now - 3_600_000));
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('range') ?? '').toContain('~');
    await waitForMapElement(page, DB1);
    await screenshot(page, '10-custom-range-dark');
  });

  it('sends a revoked token back to sign-in', async () => {
    const admin = { authorization: `Bearer ${server?.credentials.adminToken ?? ''}`, 'content-type': 'application/json' };
    const created = await fetch(`${server?.url ?? ''}/api/admin/v1/tokens`, { method: 'POST', headers: admin, body: JSON.stringify({ role: 'reader', name: 'browser' }) });
    expect(created.status).toBe(201);
    const { token, secret } = (await created.json()) as { token: { id: string }; secret: string };
    const other = await ui?.context.newPage();
    if (other === undefined) throw new Error('no browser');
    await other.goto(`${server?.url ?? ''}/`);
    await other.getByLabel('API token').fill(secret);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('list', { name: 'Machines' }).getByRole('button', { name: /app1/ }).waitFor();
    const revoked = await fetch(`${server?.url ?? ''}/api/admin/v1/tokens/${token.id}`, { method: 'DELETE', headers: { authorization: admin.authorization } });
    expect(revoked.status).toBeLessThan(300);
    await other.reload();
    await other.getByLabel('API token').waitFor();
    await other.close();
  });

  it('picks among the workspaces of several tokens', async () => {
    const admin = { authorization: `Bearer ${server?.credentials.adminToken ?? ''}`, 'content-type': 'application/json' };
    const created = await fetch(`${server?.url ?? ''}/api/admin/v1/workspaces`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'staging' }) });
    expect(created.status).toBe(201);
    const { adminToken } = (await created.json()) as { adminToken: string };
    await page.getByLabel('Workspace', { exact: true }).selectOption('+');
    await page.getByLabel('API token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const picker = page.getByLabel('Workspace', { exact: true });
    await expect.poll(() => picker.locator('option').allTextContents()).toEqual(['default', 'staging', 'Add a workspace…']);
    expect(await picker.inputValue()).not.toBe(server?.credentials.workspaceId);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'machines' }).first().textContent()).toContain('0 of 0 machines');
    await picker.selectOption({ label: 'default' });
    await page.getByRole('list', { name: 'Machines' }).getByRole('button', { name: /app1/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('ws')).toBe(server?.credentials.workspaceId);
  });
});
