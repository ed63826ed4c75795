import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The manifest/ folder: manifest.json, its localization files and icons live here. */
export const templateDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The output folder: `--out <dir>` on the command line, else manifest/out (git-ignored). */
export function outputDirFrom(argv) {
  const at = argv.indexOf('--out');
  return at >= 0 && argv[at + 1] ? resolve(argv[at + 1]) : join(templateDir, 'out');
}
