import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '@/lib/contracts/errors';
import { scenarioNameSchema } from '@/lib/contracts/scenarios';
import { type Scenario, parseScenario, parseScenarioIndex } from '../../scenarios/parse';

/** scenarios/ at the project root (the server runs from there). */
export function scenariosDir(): string {
  return resolve(/*turbopackIgnore: true*/ process.cwd(), 'scenarios');
}

// Scenario files are read at run time from the project's scenarios/ folder; the ignore comments
// keep Next's file tracing from pulling the whole project into the server bundle.
function under(dir: string, ...parts: string[]): string {
  return join(/*turbopackIgnore: true*/ dir, ...parts);
}

/** Names of the scenario folders (those with a scenario.yaml). */
export async function listScenarioNames(dir = scenariosDir()): Promise<string[]> {
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  const names: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !scenarioNameSchema.safeParse(e.name).success) continue;
    const files = await readdir(/*turbopackIgnore: true*/ under(dir, e.name));
    if (files.includes('scenario.yaml')) names.push(e.name);
  }
  return names.sort();
}

/** Loads and validates scenarios/<name>/. Throws `invalid:request` or `not-found:kube`-free AppErrors. */
export async function loadScenario(name: string, dir = scenariosDir()): Promise<Scenario> {
  if (!scenarioNameSchema.safeParse(name).success) {
    throw new AppError('invalid:request', `"${name}" is not a scenario name.`);
  }
  const folder = under(dir, name);
  let indexText: string;
  try {
    indexText = await readFile(/*turbopackIgnore: true*/ under(folder, 'scenario.yaml'), 'utf8');
  } catch {
    throw new AppError('invalid:request', `Scenario "${name}" does not exist (no scenarios/${name}/scenario.yaml).`);
  }
  const files: Record<string, string> = {};
  const index = parseScenarioIndex(name, indexText);
  for (const file of index.manifests) {
    try {
      files[file] = await readFile(/*turbopackIgnore: true*/ under(folder, file), 'utf8');
    } catch {
      throw new AppError('invalid:request', `scenarios/${name}/scenario.yaml lists ${file}, which does not exist.`);
    }
  }
  return parseScenario(name, index, files);
}
