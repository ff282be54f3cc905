import { Image, View } from '@tarojs/components';

import { zh } from '../i18n/zh';
import { cx } from './cx';
import './PhotoGrid.scss';

export interface PhotoTile {
  key: string;
  /** Local path or blob: URL of the picked photo. */
  src: string;
  status: 'uploading' | 'done' | 'failed';
}

interface Props {
  photos: PhotoTile[];
  max: number;
  disabled?: boolean;
  onAdd: () => void;
  onRemove: (key: string) => void;
}

/** Picked photos with their upload state, a remove button each, and an add tile up to `max`. */
export function PhotoGrid({ photos, max, disabled, onAdd, onRemove }: Props) {
  return (
    <View className="photo-grid" data-testid="photo-grid">
      {photos.map((photo) => (
        <View key={photo.key} className="photo-grid__tile" data-testid="photo-tile" data-status={photo.status}>
          <Image className="photo-grid__image" src={photo.src} mode="aspectFill" />
          {photo.status !== 'done' ? (
            <View className={cx('photo-grid__state', photo.status === 'failed' && 'photo-grid__state--failed')}>
              {photo.status === 'uploading' ? zh.report.photoUploading : zh.report.photoFailed}
            </View>
          ) : null}
          <View className="photo-grid__remove" data-testid="photo-remove" onClick={() => onRemove(photo.key)}>
            {zh.report.removePhoto}
          </View>
        </View>
      ))}
      {photos.length < max && !disabled ? (
        <View className="photo-grid__tile photo-grid__add" data-testid="add-photo" onClick={onAdd}>
          <View className="photo-grid__plus">+</View>
          <View>{zh.report.addPhoto}</View>
        </View>
      ) : null}
    </View>
  );
}
