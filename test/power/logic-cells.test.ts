import { describe, expect, it } from 'vitest';
import { adderCost, multiplierCost, registerCost } from '../../src/power/logic-cells.js';
import { logicAreaFactor, logicEnergyFactor } from '../../src/power/node-scaling.js';

describe('logic cells (Aladdin 40 nm)', () => {
  it('at 40 nm are the reference: a 32-bit adder 278 µm² and 2.25 µW, a register bit 5.98 µm²', () => {
    expect(adderCost(32, 40).areaMm2).toBeCloseTo(278e-6, 15);
    expect(adderCost(32, 40).leakageW).toBeCloseTo(2.25e-6, 15);
    expect(registerCost(1, 40).areaMm2).toBeCloseTo(5.98e-6, 15);
  });

  it('scale adders with width and multipliers with its square', () => {
    expect(adderCost(16, 40).areaMm2).toBeCloseTo(139e-6, 15);
    expect(multiplierCost(16, 40).areaMm2).toBeCloseTo(6350e-6 / 4, 15);
  });

  it('shrink with the Stillmaker–Baas area factor: a 32-bit adder at 7 nm is 278 µm² × 0.059 / f(40 nm)', () => {
    expect(adderCost(32, 7).areaMm2).toBeCloseTo(278e-6 * (0.059 / logicAreaFactor(40)), 15);
    expect(adderCost(32, 7).leakageW).toBeCloseTo(2.25e-6 * (0.094 / logicEnergyFactor(40)), 15);
  });
});

describe('the logic area factor', () => {
  it('is 1 at 45 nm and the table at 28, 16 and 7 nm', () => {
    expect(logicAreaFactor(45)).toBe(1);
    expect(logicAreaFactor(28)).toBeCloseTo(0.377, 12);
    expect(logicAreaFactor(16)).toBeCloseTo(0.19, 12);
    expect(logicAreaFactor(7)).toBeCloseTo(0.059, 12);
  });
});
