import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'

import { useSession } from '../hooks/useSession'
import { cx } from './cx'
import './Screen.scss'

/** Page frame; applies 长辈模式 (larger text) from the session. */
export function Screen({ children }: PropsWithChildren) {
  const { elderly } = useSession()
  return <View className={cx('screen', elderly && 'screen--elderly')}>{children}</View>
}

export function Section({ title, children }: PropsWithChildren<{ title: string }>) {
  return (
    <View className='section'>
      <View className='section__title'>{title}</View>
      {children}
    </View>
  )
}
