import { Image, View } from '@tarojs/components';

import { usePhotoSource } from '../hooks/usePhotoSource';
import { zh } from '../i18n/zh';
import './AuthImage.scss';

interface Props {
  /** TicketPhotoView url or thumbUrl: served only with the sign-in. */
  url: string;
  onTap?: () => void;
}

/** A ticket photo: fetched with the Authorization header, then shown from the local copy. */
export function AuthImage({ url, onTap }: Props) {
  const { src, failed } = usePhotoSource(url);
  return (
    <View className="auth-image" data-testid="ticket-photo" data-loaded={src ? 'true' : 'false'} onClick={onTap}>
      {src ? <Image className="auth-image__img" src={src} mode="aspectFill" /> : null}
      {failed ? <View className="auth-image__failed muted">{zh.ticket.photoLoadFailed}</View> : null}
    </View>
  );
}
