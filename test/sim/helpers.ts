import { readFileSync } from 'node:fs';
import { parseDesign } from '../../src/design/parse-design.js';
import type { AcceleratorDesign } from '../../src/design/schema.js';

/** Loads a shipped design, with optional key.path=value overrides. */
export function shippedDesign(path: string, overrides: string[] = []): AcceleratorDesign {
  return parseDesign(readFileSync(path, 'utf8'), path, overrides);
}

/** Every shipped accelerator design. */
export const SHIPPED_DESIGNS = ['designs/fpga/d5005-paper-core.yaml', 'designs/fpga/d5005-stream.yaml', 'designs/asic/asic-28nm-hbm2.yaml'];
