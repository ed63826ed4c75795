import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { drawColorIcon, drawOutlineIcon } from '../lib/icons.mjs';
import { templateDir } from '../lib/paths.mjs';
import { readJson } from './helpers.mjs';

const manifest = readJson('manifest.json');
const readIcon = (name) => readFileSync(join(templateDir, name));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pixels(png) {
  const result = [];
  for (let i = 0; i < png.data.length; i += 4) result.push([png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]]);
  return result;
}

test('the colour icon is a real 192×192 PNG', () => {
  const bytes = readIcon(manifest.icons.color);
  assert.deepEqual(bytes.subarray(0, 8), PNG_SIGNATURE);
  const png = PNG.sync.read(bytes);
  assert.equal(png.width, 192);
  assert.equal(png.height, 192);
  const opaque = pixels(png).filter(([, , , a]) => a === 255).length;
  assert.ok(opaque > 0.9 * 192 * 192, 'the colour icon fills its square (rounded corners aside)');
});

test('the outline icon is a real 32×32 PNG, white on transparent', () => {
  const bytes = readIcon(manifest.icons.outline);
  assert.deepEqual(bytes.subarray(0, 8), PNG_SIGNATURE);
  const png = PNG.sync.read(bytes);
  assert.equal(png.width, 32);
  assert.equal(png.height, 32);
  const all = pixels(png);
  const visible = all.filter(([, , , a]) => a > 0);
  assert.ok(visible.length > 0, 'the outline icon draws something');
  assert.ok(all.length - visible.length > 0, 'the outline icon has a transparent background');
  for (const [r, g, b] of visible) assert.deepEqual([r, g, b], [255, 255, 255], 'every visible pixel is white');
  const corners = [0, 31, 32 * 31, 32 * 32 - 1].map((i) => all[i][3]);
  assert.deepEqual(corners, [0, 0, 0, 0], 'the corners are transparent');
});

test('the committed icons are what scripts/make-icons.mjs draws', () => {
  assert.deepEqual(PNG.sync.read(readIcon(manifest.icons.color)).data, PNG.sync.read(drawColorIcon()).data);
  assert.deepEqual(PNG.sync.read(readIcon(manifest.icons.outline)).data, PNG.sync.read(drawOutlineIcon()).data);
});

test('the manifest accent colour is the icon background colour', () => {
  const png = PNG.sync.read(readIcon(manifest.icons.color));
  const centreLeft = (96 * 192 + 8) * 4; // left of the camera glyph, inside the rounded square
  const hex = '#' + [...png.data.subarray(centreLeft, centreLeft + 3)].map((v) => v.toString(16).padStart(2, '0')).join('').toUpperCase();
  assert.equal(hex, manifest.accentColor);
});
