import type { Role } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import type { RoleOption } from '../hooks/useRoles';
import { zh } from '../i18n/zh';
import { cx } from './cx';
import './ProfileCard.scss';

interface Props {
  name: string;
  roles: RoleOption[];
  currentRole: Role | null;
  loadingRoles: boolean;
  onChooseRole: (role: Role) => void;
}

/** Name and roles; with more than one role each row is a switch to act as that role. */
export function ProfileCard({ name, roles, currentRole, loadingRoles, onChooseRole }: Props) {
  const switchable = roles.length > 1;
  return (
    <View className="card profile">
      <View className="profile__name" data-testid="signed-in-name">
        {name}
      </View>
      <View className="profile__roles-title muted">
        {zh.me.rolesTitle}
        {switchable ? `（${zh.me.switchRoleHint}）` : ''}
      </View>
      {roles.length === 0 ? <View className="muted">{loadingRoles ? zh.common.loading : zh.me.noRoles}</View> : null}
      {roles.map((option) => {
        const active = option.role === currentRole;
        return (
          <View
            key={option.role}
            className={cx('profile__role', active && 'profile__role--active', switchable && 'profile__role--switchable')}
            data-testid="role-item"
            data-role={option.role}
            onClick={switchable && !active ? () => onChooseRole(option.role) : undefined}
          >
            <View>
              <View className="profile__role-label">{option.label}</View>
              {option.scopes.length > 0 ? <View className="muted">{option.scopes.join('、')}</View> : null}
            </View>
            {active && switchable ? <View className="profile__current">{zh.me.currentRole}</View> : null}
          </View>
        );
      })}
    </View>
  );
}
