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

/** Whether `path` is a regular file of at most 1 MiB that declares a system (anything else is listed for its reader to judge: a FIFO is never opened here). */
function declaresSystem(path: string): boolean {
  try {
    const st = statSync(path);
    return st.isFile() && st.size <= 2 ** 20 && isSystemText(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
}

/** Every single-device design file (.yaml/.yml/.json) under `folder`, recursively (skipping `calibration/` folders of measured data and system files), sorted; an entry that cannot be stat'ed (a dangling link) or read is listed, for its reader to name. */
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
      else if (/\.(ya?ml|json)$/.test(name) && !declaresSystem(p)) out.push(p); // systems of devices: docs/system.md
    }
  };
  walk(folder);
  return out;
}
