import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The ternsim package's root folder (where package.json is), from this module's location. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'designs'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the ternsim package root');
    dir = up;
  }
  return dir;
}

/** Every design file (.yaml/.yml/.json) under `folder`, recursively (skipping `calibration/` folders of measured data), sorted; an entry that cannot be stat'ed (a dangling link) is listed, for its reader to name. */
export function listDesignFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      let isFolder = false;
      try {
        isFolder = statSync(p).isDirectory();
      } catch {
        // A dangling link or an entry gone since the listing: kept as a file, whose reader names it.
      }
      if (isFolder) {
        if (name !== 'calibration' && name !== 'sweeps' && name !== 'validation') walk(p); // measured data, sweep specs and validation cases, not designs
      }
      else if (/\.(ya?ml|json)$/.test(name)) out.push(p);
    }
  };
  walk(folder);
  return out;
}
