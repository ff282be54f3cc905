/** How long after the page regains focus a file dialog that reported nothing counts as cancelled. */
const CANCEL_FALLBACK_MS = 1500;

/**
 * The browser's own file chooser (H5 only): resolves with the files picked, none when cancelled. Not
 * Taro's H5 chooseImage, which drops a file of the wrong type without a word: callers sort the files
 * and tell the person what was refused.
 */
export function chooseFilesInBrowser(accept: string, multiple: boolean): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    input.style.cssText = 'position:fixed;left:-1000px;top:0;opacity:0';
    let settled = false;
    const finish = (files: File[]) => {
      if (settled) return;
      settled = true;
      window.removeEventListener('focus', onFocus);
      input.remove();
      resolve(files);
    };
    // Older browsers fire no 'cancel': the page getting focus back without a 'change' means the same.
    const onFocus = () => setTimeout(() => finish([]), CANCEL_FALLBACK_MS);
    input.addEventListener('change', () => finish(Array.from(input.files ?? [])));
    input.addEventListener('cancel', () => finish([]));
    window.addEventListener('focus', onFocus);
    document.body.appendChild(input);
    input.click();
  });
}
