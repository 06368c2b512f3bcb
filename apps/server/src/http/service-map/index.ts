import type { FastifyInstance } from 'fastify';
import type { RouteContext, RoutePlugin } from '../../app.js';
import { clientGroupsRoutes } from './client-groups-routes.js';
import { machineGroupsRoutes } from './machine-groups-routes.js';
import { machineRelationsRoutes } from './machine-relations-routes.js';
import { machineRoutes } from './machine-routes.js';
import { mapsRoutes } from './maps-routes.js';
import { portsRoutes } from './ports-routes.js';
import { SERVICE_MAP_PREFIX } from './service-map-scope.js';

/**
 * The Service Map sub-plugins. Each registers its routes relative to {@link SERVICE_MAP_PREFIX}
 * (e.g. `/machines`) in its own encapsulated scope; add one line per plugin.
 */
const SERVICE_MAP_PLUGINS: readonly RoutePlugin[] = [
  machineRoutes,
  mapsRoutes,
  machineGroupsRoutes,
  machineRelationsRoutes,
  portsRoutes,
  clientGroupsRoutes,
];

/**
 * The Service Map ARM REST API (`.../workspaces/{ws}/features/serviceMap/...`), wire-compatible
 * with Azure's 2015-11-01-preview: registers every sub-plugin under the common prefix.
 */
export async function serviceMapRoutes(app: FastifyInstance, context: RouteContext): Promise<void> {
  for (const plugin of SERVICE_MAP_PLUGINS) {
    await app.register(
      async (scope) => {
        await plugin(scope, context);
      },
      { prefix: SERVICE_MAP_PREFIX },
    );
  }
}
