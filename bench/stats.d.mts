export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}
export function quantile(sorted: number[], q: number): number;
export function summary(samples: number[]): Summary;
export function paired(a: number[], b: number[]): Summary;
export function shuffle<T>(arr: T[]): T[];
