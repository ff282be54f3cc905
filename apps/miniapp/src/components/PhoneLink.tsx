import Taro from '@tarojs/taro';
import { PHONE_PATTERN } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import './PhoneLink.scss';

/**
 * A phone number staff can call with one tap: WeChat's dialer on weapp, a tel: link in a browser (a
 * real link: long-press and screen readers know what it is). A masked number is only text.
 */
export function PhoneLink({ phone }: { phone: string }) {
  if (!PHONE_PATTERN.test(phone)) return <>{phone}</>;
  if (process.env.TARO_ENV === 'weapp') {
    return (
      <View
        className="phone-link"
        role="link"
        data-testid="phone-link"
        onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}
      >
        {phone}
      </View>
    );
  }
  return (
    <a className="phone-link" href={`tel:${phone}`} data-testid="phone-link">
      {phone}
    </a>
  );
}
