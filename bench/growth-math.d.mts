export const GROWTH_SCALES: number[];
export const QUICK_GROWTH_SCALES: number[];
export function sizeLabel(n: number): string;
export function growthExponent(sizeA: number, costA: number, sizeB: number, costB: number): number;
export function growthExponents(
  points: { size: number; cost: number }[],
): { from: number; to: number; k: number }[];
export function ratio(ours: number, peer: number): number;
export function scaleSizes<T extends object>(sizes: T, factor: number): T;
