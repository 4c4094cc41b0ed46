import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
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

/** Whether a data file's text declares a system of devices (`kind: system`, YAML or JSON) rather than one design. */
function isSystemText(text: string): boolean {
  return /^kind:\s*["']?system["']?\s*$/m.test(text) || /"kind"\s*:\s*"system"/.test(text);
}

/** Every single-device design file (.yaml/.yml/.json) under `folder`, recursively (skipping `calibration/` folders of measured data and system files), sorted. */
export function listDesignFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'calibration' && name !== 'sweeps' && name !== 'validation') walk(p); // measured data, sweep specs and validation cases, not designs
      }
      else if (/\.(ya?ml|json)$/.test(name) && !isSystemText(readFileSync(p, 'utf8'))) out.push(p); // systems of devices: docs/system.md
    }
  };
  walk(folder);
  return out;
}
