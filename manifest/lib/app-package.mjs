// Builds the Teams app package: manifest.json with its placeholders filled, the localization files and the icons.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillPlaceholders } from './placeholders.mjs';
import { validateLocalizationFile, validateTeamsManifest } from './schema.mjs';
import { createZip } from './zip.mjs';

export class PackageError extends Error {}

/** Every file the package holds, by its name in the zip, read from the template folder. */
export function renderPackageFiles(templateDir, values) {
  const manifest = JSON.parse(fillPlaceholders(readFileSync(join(templateDir, 'manifest.json'), 'utf8'), values));
  const problems = validateTeamsManifest(manifest).map((p) => `manifest.json ${p}`);

  const files = [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8') }];
  const localizationFiles = [
    manifest.localizationInfo?.defaultLanguageFile,
    ...(manifest.localizationInfo?.additionalLanguages ?? []).map((l) => l.file),
  ].filter(Boolean);
  for (const name of localizationFiles) {
    const strings = JSON.parse(readFileSync(join(templateDir, name), 'utf8'));
    problems.push(...validateLocalizationFile(strings, manifest.manifestVersion).map((p) => `${name} ${p}`));
    files.push({ name, data: Buffer.from(JSON.stringify(strings, null, 2) + '\n', 'utf8') });
  }
  for (const name of [manifest.icons.color, manifest.icons.outline]) {
    files.push({ name, data: readFileSync(join(templateDir, name)) });
  }
  if (problems.length > 0) throw new PackageError(`the manifest does not pass the Teams schema:\n${problems.join('\n')}`);
  return { manifest, files };
}

export function buildAppPackage(templateDir, values) {
  const { manifest, files } = renderPackageFiles(templateDir, values);
  return { manifest, zip: createZip(files) };
}
