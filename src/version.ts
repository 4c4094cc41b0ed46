import pkg from '../package.json' with { type: 'json' };

/** The ternsim version, recorded in every Result. */
export const TERNSIM_VERSION: string = pkg.version;
