/** Replaces a file by writing a sibling temp file and renaming it over the original. */
import { chmod, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Returns null on success, or the error message; the original is untouched on failure. */
export async function writeFileAtomic(file: string, text: string): Promise<string | null> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const mode = (await stat(file).catch(() => null))?.mode;
    // latin1 round-trips every byte the file was read with.
    await writeFile(temp, text, { encoding: 'latin1', flag: 'wx' });
    if (mode !== undefined) await chmod(temp, mode & 0o7777);
    await rename(temp, file);
    return null;
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    return (error as Error).message;
  }
}
