import { View } from '@tarojs/components';

import { zh } from '../i18n/zh';
import { Btn } from './Btn';

interface Props {
  /** Compounds the person lives in or scanned before: a report there needs no code. */
  compounds: Array<{ id: number; name: string }>;
  signedIn: boolean;
  onPick: (compoundId: number) => void;
  onHome: () => void;
}

/**
 * A scanned code that leads nowhere (revoked, replaced, mistyped): says so in words, and offers the
 * ways on — report in one of the person's compounds without a code, or go to 首页 — instead of a
 * 重试 that can never work.
 */
export function QrDeadEnd({ compounds, signedIn, onPick, onHome }: Props) {
  let pick;
  if (compounds.length > 0) {
    pick = (
      <View>
        <View className="form-label">{zh.qrDeadEnd.pick}</View>
        {compounds.map((c) => (
          <View
            key={c.id}
            className="link-row"
            role="button"
            data-testid={`qr-pick-compound-${c.id}`}
            onClick={() => onPick(c.id)}
          >
            {c.name}
            <View>›</View>
          </View>
        ))}
      </View>
    );
  } else {
    pick = <View className="hint">{signedIn ? zh.qrDeadEnd.noCompounds : zh.qrDeadEnd.signIn}</View>;
  }
  return (
    <View className="card" data-testid="qr-dead-end">
      <View className="form-label">{zh.qrDeadEnd.title}</View>
      <View className="hint">{zh.qrDeadEnd.why}</View>
      {pick}
      <Btn block testId="qr-go-home" onClick={onHome}>
        {zh.common.home}
      </Btn>
    </View>
  );
}
