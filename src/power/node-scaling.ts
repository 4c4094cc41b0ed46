/**
 * Scaling of logic energy from the 45 nm reference to other process nodes: Stillmaker & Baas,
 * "Scaling equations for the accurate prediction of CMOS device performance from 180 nm to 7 nm"
 * (Integration 2017), as implemented in Accelergy's hwcomponents techscaling (FACTS.md §2).
 * 5 nm is their extrapolation. Between table nodes the factor is interpolated in log–log.
 */
const ENERGY_FACTOR_VS_45NM: readonly [number, number][] = [
  [5, 0.08],
  [7, 0.094],
  [10, 0.118],
  [14, 0.139],
  [16, 0.174],
  [22, 0.294],
  [28, 0.513],
  [32, 0.659],
  [45, 1],
];

/** Nominal supply voltage at which the scaling factors are given (V). */
export const SCALING_NOMINAL_VDD = 0.8;

/** Energy of a logic operation at `nodeNm` relative to 45 nm. Nodes above 45 nm scale linearly with feature size (assumption). */
export function logicEnergyFactor(nodeNm: number): number {
  const t = ENERGY_FACTOR_VS_45NM;
  if (nodeNm >= 45) return nodeNm / 45;
  if (nodeNm <= t[0]![0]) return t[0]![1];
  for (let i = 1; i < t.length; i++) {
    const [n1, f1] = t[i]!;
    const [n0, f0] = t[i - 1]!;
    if (nodeNm <= n1) {
      const a = (Math.log(nodeNm) - Math.log(n0)) / (Math.log(n1) - Math.log(n0));
      return Math.exp(Math.log(f0) + a * (Math.log(f1) - Math.log(f0)));
    }
  }
  return 1;
}

/** Dynamic-energy factor of running at `vdd` instead of the nominal voltage: (V / V_nominal)² (CV² scaling). */
export function voltageEnergyFactor(vdd: number | undefined): number {
  return vdd === undefined ? 1 : (vdd / SCALING_NOMINAL_VDD) ** 2;
}
