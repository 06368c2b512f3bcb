declare const __SERVICEMAP_VERSION__: string | undefined;

/** Set by the bundler from apps/cli/package.json; `dev` when run from sources. */
export const VERSION: string = typeof __SERVICEMAP_VERSION__ === 'string' ? __SERVICEMAP_VERSION__ : 'dev';
