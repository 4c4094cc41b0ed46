import { describe, it, expect } from 'vitest';
import { ClockDomain } from '../../src/engine/clock.js';
import { Simulator } from '../../src/engine/simulator.js';
import { Stats } from '../../src/engine/stats.js';
import { IssueUnit, type IssueConfig, type Task } from '../../src/hw/issue-unit.js';

const P = 10;

/** A task that holds `unit` for `cycles` and records its issue cycle. */
function task(sim: Simulator, log: Record<string, number>, name: string, unit: string, cycles: number, deps: number[] = [], regs?: Task['regs']): Task {
  return {
    deps,
    units: [unit],
    ...(regs ? { regs } : {}),
    start: (s) => {
      log[name] = sim.now / P;
      sim.after(cycles * P, s.done);
    },
  };
}

function run(config: IssueConfig, build: (sim: Simulator, log: Record<string, number>) => Task[]) {
  const sim = new Simulator();
  const log: Record<string, number> = {};
  let end = -1;
  new IssueUnit(sim, new ClockDomain('core', P), config, new Stats()).run(build(sim, log), () => (end = sim.now / P));
  sim.run();
  return { log, end };
}

describe('IssueUnit', () => {
  it('in order: a stalled instruction blocks later independent ones', () => {
    const r = run({ policy: 'in-order', window: 1, registerScoreboard: false }, (sim, log) => [
      task(sim, log, 'a', 'mm', 10),
      task(sim, log, 'b', 'mm', 5), // waits for the matmul unit
      task(sim, log, 'c', 'vec', 1), // independent, but behind b
    ]);
    expect(r.log).toEqual({ a: 0, b: 11, c: 12 });
    expect(r.end).toBe(16);
  });

  it('dataflow: an independent instruction issues past a stalled one', () => {
    const r = run({ policy: 'dataflow', window: 4, registerScoreboard: false }, (sim, log) => [
      task(sim, log, 'a', 'mm', 10),
      task(sim, log, 'b', 'mm', 5),
      task(sim, log, 'c', 'vec', 1),
    ]);
    expect(r.log).toEqual({ a: 0, c: 1, b: 11 });
  });

  it('waits for dependencies to complete', () => {
    const r = run({ policy: 'dataflow', window: 4, registerScoreboard: false }, (sim, log) => [task(sim, log, 'a', 'x', 3), task(sim, log, 'b', 'y', 1, [0])]);
    expect(r.log['b']).toBe(4); // the cycle after a completes at 3
  });

  it('with a register scoreboard, stalls on a register in use even without a data dependency', () => {
    const r = run({ policy: 'in-order', window: 1, registerScoreboard: true }, (sim, log) => [
      task(sim, log, 'read r1', 'mm', 10, [], { dst: 2, src: [1] }),
      task(sim, log, 'write r1', 'ld', 1, [], { dst: 1, src: [] }), // WAR on r1: waits
    ]);
    expect(r.log['write r1']).toBe(11);
  });
});
