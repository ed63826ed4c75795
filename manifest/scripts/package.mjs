// npm run package: builds out/appPackage.zip for upload to Teams.
// Writes to manifest/out unless `--out <dir>` is given. Inputs (environment): BOT_ID, BOT_DOMAIN (required), TEAMS_APP_ID, APP_VERSION (optional); see lib/inputs.mjs.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildAppPackage, PackageError } from '../lib/app-package.mjs';
import { InputError, readPackageInputs } from '../lib/inputs.mjs';
import { outputDirFrom, templateDir } from '../lib/paths.mjs';

const outputDir = outputDirFrom(process.argv);
const packagePath = join(outputDir, 'appPackage.zip');

// A stale package from an earlier run must not pass for this run's result.
rmSync(packagePath, { force: true });
try {
  const values = readPackageInputs(process.env);
  const { manifest, zip } = buildAppPackage(templateDir, values);
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(`${packagePath}.tmp`, zip);
  renameSync(`${packagePath}.tmp`, packagePath);
  // npm runs scripts inside manifest/; name the file from where the user typed the command (INIT_CWD).
  console.log(`built ${relative(process.env.INIT_CWD ?? process.cwd(), packagePath) || packagePath} (Teams app ${manifest.id}, bot ${manifest.bots[0].botId}, version ${manifest.version})`);
} catch (error) {
  if (!(error instanceof InputError || error instanceof PackageError)) throw error;
  console.error(`appPackage.zip not built:\n${error.message}`);
  process.exitCode = 1;
}
