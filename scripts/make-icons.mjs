// Draws Rolecall's icons (a key inside a ring) as PNGs with no image library, so they can be
// regenerated anywhere: `node scripts/make-icons.mjs`. Tray icons on macOS are template images
// (black + alpha; the OS tints them), Linux/Windows get a coloured tray icon.
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
function png(size, shade) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      // supersample 4x4 for smooth edges
      let cover = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) cover += inside((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size) ? 1 : 0;
      const [r, g, b, a] = shade(x / size, y / size, cover / 16);
      row.set([r, g, b, a], 1 + x * 4);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
/** Key: a ring bow at the upper left, a shaft to the lower right, two teeth. Unit square coordinates. */
function inside(u, v) {
  const dx = u - 0.36, dy = v - 0.36, d = Math.hypot(dx, dy);
  if (d < 0.26 && d > 0.13) return true;
  // shaft along the diagonal
  const t = ((u - 0.36) + (v - 0.36)) / Math.SQRT2, n = ((u - 0.36) - (v - 0.36)) / Math.SQRT2;
  if (t > 0.24 && t < 0.66 && Math.abs(n) < 0.065) return true;
  // teeth perpendicular to the shaft
  for (const at of [0.5, 0.62]) if (Math.abs(t - at) < 0.045 && n > 0 && n < 0.17) return true;
  return false;
}
mkdirSync('assets', { recursive: true });
const brand = (u, v, a) => {
  // app icon: rounded square in Rolecall orange with a white key
  const r = 0.2, cx = Math.min(Math.max(u, r), 1 - r), cy = Math.min(Math.max(v, r), 1 - r);
  const bg = Math.hypot(u - cx, v - cy) <= r ? 255 : 0;
  return a > 0 ? [255, 255, 255, Math.max(bg, Math.round(255 * a))] : [232, 119, 34, bg];
};
writeFileSync('assets/icon.png', png(512, brand));
for (const [name, size] of [['trayTemplate.png', 16], ['trayTemplate@2x.png', 32]]) writeFileSync(`assets/${name}`, png(size, (_u, _v, a) => [0, 0, 0, Math.round(255 * a)]));
writeFileSync('assets/tray.png', png(32, (_u, _v, a) => [232, 119, 34, Math.round(255 * a)]));
writeFileSync('assets/tray-active.png', png(32, (_u, _v, a) => [46, 160, 67, Math.round(255 * a)]));
// while any target is elevated (W4): a red key, so the elevation cannot be missed
writeFileSync('assets/tray-elevated.png', png(32, (_u, _v, a) => [207, 34, 46, Math.round(255 * a)]));
console.log('icons written to assets/');
