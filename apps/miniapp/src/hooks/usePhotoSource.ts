import { useEffect, useState } from 'react';

import { photoSource } from '../services/photos';

export interface PhotoSourceState {
  src: string | undefined;
  failed: boolean;
}

/** A displayable copy of a photo that needs the sign-in (see photoSource). */
export function usePhotoSource(url: string): PhotoSourceState {
  const [state, setState] = useState<PhotoSourceState>({ src: undefined, failed: false });
  useEffect(() => {
    let live = true;
    setState({ src: undefined, failed: false });
    photoSource(url).then(
      (src) => live && setState({ src, failed: false }),
      () => live && setState({ src: undefined, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [url]);
  return state;
}
