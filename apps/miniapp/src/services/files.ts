import Taro from '@tarojs/taro';
import { API_PREFIX, buildPath, buildQuery, type Endpoint } from '@doorstep/contracts';

import { zhAdmin } from '../i18n/admin';
import { ApiError, downloadAuthorized } from './request';

const t = zhAdmin.files;

export type FileKind = 'pdf' | 'xlsx' | 'png' | 'csv';

/** The API address of a file endpoint (a poster, an export), relative like the photo addresses. */
export function fileUrl(endpoint: Endpoint<unknown, unknown, unknown, unknown>, params?: object, query?: object): string {
  return API_PREFIX + buildPath(endpoint.path, params as Record<string, string | number>) + buildQuery(query);
}

/**
 * Gets a file that needs the sign-in and hands it to the person: on H5 the browser downloads it as
 * `fileName` (open it to print); on weapp a picture goes to the album and a document opens in WeChat's
 * viewer, from where it can be sent or printed. WeChat's viewer does not open CSV: a CSV is sent to a
 * chat instead (the person picks which), where a computer opens it.
 */
export async function deliverFile(url: string, kind: FileKind, fileName: string): Promise<'saved' | 'opened' | 'shared'> {
  const local = await downloadAuthorized(url);
  if (process.env.TARO_ENV === 'h5') return deliverInBrowser(local, kind, fileName);
  if (kind === 'png') {
    await saveToAlbum(local);
    return 'saved';
  }
  if (kind === 'csv') {
    await Taro.shareFileMessage({ filePath: local, fileName });
    return 'shared';
  }
  await Taro.openDocument({ filePath: local, fileType: kind, showMenu: true });
  return 'opened';
}

/** The album needs the person's permission; once refused, only WeChat's settings page can give it back. */
async function saveToAlbum(filePath: string): Promise<void> {
  try {
    await Taro.saveImageToPhotosAlbum({ filePath });
  } catch (err) {
    if (!/auth|deny/i.test((err as { errMsg?: string })?.errMsg ?? '')) throw err;
    const { confirm } = await Taro.showModal({ title: t.albumTitle, content: t.albumContent, confirmText: t.albumOpen });
    if (confirm) await Taro.openSetting();
    throw new ApiError('ALBUM_DENIED', t.albumDenied, null);
  }
}

function deliverInBrowser(blobUrl: string, kind: FileKind, fileName: string): 'saved' | 'opened' {
  const link = document.createElement('a');
  link.href = blobUrl;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has the bytes once the download starts; the page need not keep them.
  setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
  return kind === 'pdf' ? 'opened' : 'saved';
}
