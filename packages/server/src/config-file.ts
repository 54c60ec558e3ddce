// Reads and validates the launcher's config file. Every problem in the file is reported at once, on one line
// that starts with the file's path and names each field.
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { formatValidationErrors } from '@isobar/protocol';
import { LauncherConfigSchema, type LauncherConfig } from './config-schema.js';
import { usageError } from './launcher-errors.js';

const ajv = new Ajv({ allErrors: true, strict: true });
const validateConfig = ajv.compile<LauncherConfig>(LauncherConfigSchema);

/**
 * Parses config text. `label` (the file's path) starts every message.
 *
 * @throws IsobarError `INVALID_ARGUMENT` naming the file and every bad or unknown key.
 * @example
 * ```ts
 * parseLauncherConfig('{"prot": 1}', 'isobar.json'); // throws: isobar.json: unknown field "prot"
 * ```
 */
export function parseLauncherConfig(text: string, label: string): LauncherConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError(`${label}: not valid JSON (${(error as Error).message})`, { file: label });
  }
  if (validateConfig(value)) return value;
  const issues = formatValidationErrors(label, validateConfig.errors ?? []);
  throw usageError(issues.map((issue) => issue.message).join('; '), {
    file: label,
    fields: issues.map((issue) => issue.path),
  });
}

/**
 * Loads the config file at `path`. A missing file is an empty config when `optional` (the default
 * `<home>/isobar.json`), and a usage error when the file was named with `--config`.
 */
export async function loadLauncherConfig(path: string, optional: boolean): Promise<LauncherConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw usageError(`--config: cannot read ${path} (${(error as Error).message})`, { file: path });
  }
  return parseLauncherConfig(text, path);
}
