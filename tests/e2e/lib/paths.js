import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const e2eDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(e2eDir, '..', '..');
/** Logs of the processes the harness starts (ignored by git). */
export const artifactsDir = path.join(repoRoot, 'artifacts', 'e2e');
export const screenshotsDir = path.join(repoRoot, 'docs', 'screenshots');

/** A file name made safe from a test name, in the artifacts folder. */
export function artifactPath(name) {
  return path.join(artifactsDir, name.replace(/[^\w.-]+/g, '-').slice(0, 120));
}
