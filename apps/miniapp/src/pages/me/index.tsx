import { useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Button, Switch, View } from '@tarojs/components'

import { DemoUserList } from '../../components/DemoUserList'
import { ProfileCard } from '../../components/ProfileCard'
import { Screen, Section } from '../../components/Screen'
import { StatusView } from '../../components/StatusView'
import { useDemoUsers } from '../../hooks/useDemoUsers'
import { useMe } from '../../hooks/useMe'
import { useRoles } from '../../hooks/useRoles'
import { useSession } from '../../hooks/useSession'
import { zh } from '../../i18n/zh'
import { demoSignIn, signOut } from '../../services/api'
import { errorMessage } from '../../services/request'
import { setElderly } from '../../services/session'
import './index.scss'

function toast(title: string, icon: 'success' | 'none' = 'none') {
  void Taro.showToast({ title, icon, duration: 2000 })
}

export default function MePage() {
  const session = useSession()
  return (
    <Screen>
      {session.signedIn ? <SignedIn /> : <SignedOut />}
      <View className='card'>
        <View className='me__row'>
          <View>{zh.me.elderlyMode}</View>
          <Switch
            checked={session.elderly}
            data-testid='elderly-mode'
            onChange={(event) => setElderly(event.detail.value)}
          />
        </View>
        <View
          className='me__row me__link'
          data-testid='about-link'
          onClick={() => void Taro.navigateTo({ url: '/packages/about/index' })}
        >
          {zh.me.about}
        </View>
      </View>
    </Screen>
  )
}

function SignedOut() {
  const demoUsers = useDemoUsers(true)
  const [pending, setPending] = useState<string | null>(null)

  const signIn = async (phone: string) => {
    setPending(phone)
    try {
      await demoSignIn(phone)
    } catch (err) {
      toast(errorMessage(err))
    } finally {
      setPending(null)
    }
  }

  let body: ReactNode
  if (demoUsers.loading && !demoUsers.data) body = <StatusView kind='loading' />
  else if (demoUsers.error) body = <StatusView kind='error' text={demoUsers.error} onRetry={() => void demoUsers.reload()} />
  else if (!demoUsers.data?.length) body = <StatusView kind='empty' text={zh.me.demoEmpty} />
  else body = <DemoUserList users={demoUsers.data} pending={pending} onSignIn={(phone) => void signIn(phone)} />

  return (
    <Section title={zh.me.demoTitle}>
      <View className='muted me__hint'>{zh.me.demoHint}</View>
      {body}
    </Section>
  )
}

function SignedIn() {
  const session = useSession()
  const me = useMe(session.user?.id ?? null)
  const roles = useRoles(me.data, session.role)
  const [signingOut, setSigningOut] = useState(false)

  const chooseRole = (role: (typeof roles.options)[number]['role']) => {
    roles.choose(role)
    const label = roles.options.find((o) => o.role === role)?.label
    if (label) toast(zh.me.roleSwitched(label))
  }

  const doSignOut = async () => {
    setSigningOut(true)
    await signOut()
    // The component unmounts once the session is cleared; nothing to reset.
    toast(zh.me.signedOut, 'success')
  }

  return (
    <View>
      <ProfileCard
        name={me.data?.user.name ?? session.user?.name ?? ''}
        roles={roles.options}
        currentRole={roles.current}
        loadingRoles={me.loading}
        onChooseRole={chooseRole}
      />
      {me.error ? <StatusView kind='error' text={me.error} onRetry={() => void me.reload()} /> : null}
      <Button
        className='me__sign-out'
        type='warn'
        disabled={signingOut || undefined}
        data-testid='sign-out'
        onClick={() => void doSignOut()}
      >
        {zh.me.signOut}
      </Button>
    </View>
  )
}
