/**
 * Loads the project's native helper (`native/build/Release/p0f_native.node`) from the
 * package root, whether we run from source (runtime/…) or from the build (dist/runtime/…).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativeAddon {
  /** Returns undefined on success, strerror() text on failure. */
  chroot(root: string): string | undefined;
}

const ADDON = path.join('native', 'build', 'Release', 'p0f_native.node');

export function findNativeAddonPath(from: string = fileURLToPath(import.meta.url)): string | null {
  let dir = path.dirname(from);
  for (;;) {
    const candidate = path.join(dir, ADDON);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function loadNativeAddon(): { ok: true; addon: NativeAddon } | { ok: false; message: string } {
  const where = findNativeAddonPath();
  if (where === null) return { ok: false, message: 'native helper not built (native/build/Release/p0f_native.node is missing; run npm run build or npm install)' };
  try {
    const require = createRequire(import.meta.url);
    return { ok: true, addon: require(where) as NativeAddon };
  } catch (error) {
    return { ok: false, message: `cannot load ${where}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
