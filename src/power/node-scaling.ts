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
  return logLogInterpolate(t, nodeNm);
}

/** Dynamic-energy factor of running at `vdd` instead of the nominal voltage: (V / V_nominal)² (CV² scaling). */
export function voltageEnergyFactor(vdd: number | undefined): number {
  return vdd === undefined ? 1 : (vdd / SCALING_NOMINAL_VDD) ** 2;
}

/**
 * Logic area relative to 45 nm (Stillmaker & Baas 2017 via Accelergy, FACTS.md §2: 28 nm 0.377,
 * 16 nm 0.19, 7 nm 0.059), log–log between; below 7 nm the 16→7 nm slope is extended and above
 * 45 nm area grows with the square of the feature size (assumptions).
 */
const AREA_FACTOR_VS_45NM: readonly [number, number][] = [
  [7, 0.059],
  [16, 0.19],
  [28, 0.377],
  [45, 1],
];

/** Area of a logic cell at `nodeNm` relative to 45 nm. */
export function logicAreaFactor(nodeNm: number): number {
  if (nodeNm >= 45) return (nodeNm / 45) ** 2;
  return logLogInterpolate(AREA_FACTOR_VS_45NM, nodeNm);
}

/** y(x) through sorted points (x ascending), log–log between points and along the end segments beyond them. */
export function logLogInterpolate(points: readonly (readonly [number, number])[], x: number): number {
  let i = 1;
  while (i < points.length - 1 && x > points[i]![0]) i++;
  const [x0, y0] = points[i - 1]!;
  const [x1, y1] = points[i]!;
  const a = (Math.log(x) - Math.log(x0)) / (Math.log(x1) - Math.log(x0));
  return Math.exp(Math.log(y0) + a * (Math.log(y1) - Math.log(y0)));
}
