import { ROLE_LABELS, type DemoUserView } from '@doorstep/contracts';
import { Button, View } from '@tarojs/components';

import { zh } from '../i18n/zh';
import './DemoUserList.scss';

interface Props {
  users: DemoUserView[];
  /** Phone of the account being signed in, if any. */
  pending: string | null;
  onSignIn: (phone: string) => void;
}

/** One large button per demo account: 以 xx 身份登录. */
export function DemoUserList({ users, pending, onSignIn }: Props) {
  return (
    <View className="demo-users">
      {users.map((user) => (
        <View key={user.phone} className="card demo-user">
          <Button
            className="demo-user__button"
            type="primary"
            // No `loading` prop: on H5 its spinner is inserted by Stencil into children React also
            // manages (NotFoundError: insertBefore). The label says 正在登录… instead.
            // `|| undefined`: on H5, disabled={false} becomes the attribute disabled="false", which
            // the button stylesheet's [disabled] selector greys out.
            disabled={pending !== null || undefined}
            data-testid={`demo-user-${user.phone}`}
            onClick={() => onSignIn(user.phone)}
          >
            {pending === user.phone ? zh.me.signingIn : zh.me.signInAs(user.name)}
          </Button>
          <View className="demo-user__roles muted">{user.roles.map((role) => ROLE_LABELS[role]).join('、')}</View>
          {user.description ? <View className="muted">{user.description}</View> : null}
        </View>
      ))}
    </View>
  );
}
