import Taro from '@tarojs/taro';

import { chooseFilesInBrowser } from './file-chooser';

export interface PickedSheet {
  name: string;
  /** H5: the file itself; weapp: the temp path of the file chosen from a chat. */
  source: string | Blob;
}

const SHEET = /\.(csv|xlsx)$/i;

/**
 * A CSV or XLSX household list. In a browser, the file chooser; in the mini-program, a file from a
 * WeChat chat (a manager forwards the sheet to themselves: chooseMessageFile). Null when cancelled,
 * 'refused' when the file is not a sheet.
 */
export async function pickSheet(): Promise<PickedSheet | 'refused' | null> {
  if (process.env.TARO_ENV === 'h5') return pickInBrowser();
  try {
    const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'xlsx'] });
    const file = res.tempFiles[0];
    if (!file) return null;
    return SHEET.test(file.name) ? { name: file.name, source: file.path } : 'refused';
  } catch {
    return null;
  }
}

async function pickInBrowser(): Promise<PickedSheet | 'refused' | null> {
  const [file] = await chooseFilesInBrowser(
    '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    false,
  );
  if (!file) return null;
  return SHEET.test(file.name) ? { name: file.name, source: file } : 'refused';
}
