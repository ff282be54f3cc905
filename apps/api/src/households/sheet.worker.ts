import { domainTask } from '../common/workers';
import { readSheet } from './sheet-file';
import type { SheetBounds } from './sheet-bounds';

/** Worker-thread task (see SheetReader): one uploaded sheet → its grid of strings. */
export default domainTask(({ file, bounds }: { file: Uint8Array; bounds: SheetBounds }) =>
  readSheet(Buffer.from(file.buffer, file.byteOffset, file.byteLength), bounds),
);
