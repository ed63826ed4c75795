// Regenerates color.png and outline.png beside manifest.json (npm run icons). The test checks the committed files match.
import { writeFileSync } from 'node:fs';
import { drawColorIcon, drawOutlineIcon } from '../lib/icons.mjs';
import { templateDir } from '../lib/paths.mjs';
import { join } from 'node:path';

writeFileSync(join(templateDir, 'color.png'), drawColorIcon());
writeFileSync(join(templateDir, 'outline.png'), drawOutlineIcon());
console.log(`icons written to ${templateDir}`);
