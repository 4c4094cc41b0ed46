import type { Simulator } from '../engine/simulator.js';
import { SystemLink, type SystemLinkSpec } from './system-link.js';

/** How devices are wired. */
export type Topology = 'chain' | 'ring' | 'all-to-all' | 'switch';

/**
 * The links of `n` devices wired as `topology` (each a one-way SystemLink) and how messages move:
 * `route(a, b)` the links a message from a to b crosses in order; `broadcast(a)` the tree a message
 * from a to every other device takes, as (link, then what follows it, the device it reaches).
 * ring: a one-way ring i → i+1; chain: both directions between neighbours; all-to-all: a link for
 * every ordered pair; switch: an up-link from each device and a down-link to each (a store-and-
 * forward switch that replicates a broadcast onto every down-link).
 */
export class Network {
  readonly links: SystemLink[] = [];
  private readonly byName = new Map<string, SystemLink>();

  constructor(
    sim: Simulator,
    readonly topology: Topology,
    readonly n: number,
    spec: SystemLinkSpec,
  ) {
    const add = (name: string) => {
      const l = new SystemLink(sim, name, spec);
      this.links.push(l);
      this.byName.set(name, l);
    };
    if (n === 1) return;
    if (topology === 'ring') for (let i = 0; i < n; i++) add(`${i}->${(i + 1) % n}`);
    else if (topology === 'chain') for (let i = 0; i + 1 < n; i++) add(`${i}->${i + 1}`), add(`${i + 1}->${i}`);
    else if (topology === 'all-to-all') for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) i !== j && add(`${i}->${j}`);
    else for (let i = 0; i < n; i++) add(`${i}->switch`), add(`switch->${i}`);
  }

  private link(name: string): SystemLink {
    return this.byName.get(name)!;
  }

  /** The links from device a to device b, in order (none when a = b). */
  route(a: number, b: number): SystemLink[] {
    if (a === b) return [];
    const n = this.n;
    if (this.topology === 'all-to-all') return [this.link(`${a}->${b}`)];
    if (this.topology === 'switch') return [this.link(`${a}->switch`), this.link(`switch->${b}`)];
    const out: SystemLink[] = [];
    if (this.topology === 'ring') for (let i = a; i !== b; i = (i + 1) % n) out.push(this.link(`${i}->${(i + 1) % n}`));
    else for (let i = a; i !== b; i += b > a ? 1 : -1) out.push(this.link(`${i}->${i + (b > a ? 1 : -1)}`));
    return out;
  }

  /** Sends `bytes` from a to b hop by hop (store and forward); `onArrive` runs at b. */
  send(a: number, b: number, bytes: number, sim: Simulator, onArrive: () => void): void {
    const hops = this.route(a, b);
    const step = (k: number): void => {
      if (k === hops.length) onArrive();
      else hops[k]!.send(bytes, () => step(k + 1));
    };
    if (hops.length === 0) sim.after(0, onArrive);
    else step(0);
  }

  /** Sends `bytes` from a to every other device, each hop carrying it once; `onArrive(d)` runs as it reaches device d. */
  broadcast(a: number, bytes: number, onArrive: (d: number) => void): void {
    const n = this.n;
    const along = (path: number[]) => {
      const step = (k: number, from: number): void => {
        if (k === path.length) return;
        const to = path[k]!;
        this.link(`${from}->${to}`).send(bytes, () => {
          onArrive(to);
          step(k + 1, to);
        });
      };
      step(0, a);
    };
    if (this.topology === 'ring') along(Array.from({ length: n - 1 }, (_, k) => (a + 1 + k) % n));
    else if (this.topology === 'chain') {
      along(Array.from({ length: n - 1 - a }, (_, k) => a + 1 + k));
      along(Array.from({ length: a }, (_, k) => a - 1 - k));
    } else if (this.topology === 'all-to-all') for (let d = 0; d < n; d++) d !== a && this.link(`${a}->${d}`).send(bytes, () => onArrive(d));
    else this.link(`${a}->switch`).send(bytes, () => { for (let d = 0; d < n; d++) d !== a && this.link(`switch->${d}`).send(bytes, () => onArrive(d)); });
  }
}
