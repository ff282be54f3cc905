import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { Button, View } from '@tarojs/components'

import { CompoundList } from '../../components/CompoundList'
import { HealthCard } from '../../components/HealthCard'
import { Screen, Section } from '../../components/Screen'
import { useCompounds } from '../../hooks/useCompounds'
import { useHealth } from '../../hooks/useHealth'
import { useSession } from '../../hooks/useSession'
import { zh } from '../../i18n/zh'

export default function HomePage() {
  const session = useSession()
  const health = useHealth()
  const compounds = useCompounds(session.signedIn ? (session.user?.id ?? 0) : null)

  usePullDownRefresh(() => {
    void Promise.all([health.reload(), compounds.reload()]).finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    void compounds.loadMore()
  })

  return (
    <Screen>
      <HealthCard health={health.data} loading={health.loading} error={health.error} />
      <Section title={zh.home.compoundsTitle}>
        {session.signedIn ? (
          <CompoundList
            items={compounds.items}
            loading={compounds.loading}
            loadingMore={compounds.loadingMore}
            hasMore={compounds.hasMore}
            error={compounds.error}
            onRetry={() => void compounds.reload()}
          />
        ) : (
          <View className='card'>
            <View className='muted'>{zh.home.signInHint}</View>
            <Button
              type='primary'
              size='mini'
              data-testid='go-sign-in'
              onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}
            >
              {zh.home.goSignIn}
            </Button>
          </View>
        )}
      </Section>
    </Screen>
  )
}
