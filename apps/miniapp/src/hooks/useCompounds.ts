import { useCallback, useEffect, useRef, useState } from 'react'
import type { CompoundView } from '@doorstep/contracts'

import { listCompounds } from '../services/api'
import { errorMessage } from '../services/request'

const PAGE_SIZE = 20

export interface CompoundsState {
  items: CompoundView[]
  /** First page on its way (or a reload). */
  loading: boolean
  loadingMore: boolean
  hasMore: boolean
  error: string | undefined
  reload: () => Promise<void>
  loadMore: () => Promise<void>
}

/** Compounds the signed-in user may see, a keyset page at a time. Empty while signed out. */
export function useCompounds(userId: number | null): CompoundsState {
  const [items, setItems] = useState<CompoundView[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(userId !== null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<string>()
  const generation = useRef(0)

  const reload = useCallback(async () => {
    const mine = ++generation.current
    setItems([])
    setCursor(null)
    setError(undefined)
    setLoadingMore(false)
    if (userId === null) {
      setLoading(false)
      return
    }
    setLoading(true)
    try {
      const page = await listCompounds({ limit: PAGE_SIZE })
      if (mine !== generation.current) return
      setItems(page.items)
      setCursor(page.nextCursor)
    } catch (err) {
      if (mine === generation.current) setError(errorMessage(err))
    } finally {
      if (mine === generation.current) setLoading(false)
    }
  }, [userId])

  const loadMore = useCallback(async () => {
    if (!cursor || loading || loadingMore) return
    const mine = generation.current
    setLoadingMore(true)
    try {
      const page = await listCompounds({ limit: PAGE_SIZE, cursor })
      if (mine !== generation.current) return
      setItems((previous) => [...previous, ...page.items])
      setCursor(page.nextCursor)
    } catch (err) {
      if (mine === generation.current) setError(errorMessage(err))
    } finally {
      if (mine === generation.current) setLoadingMore(false)
    }
  }, [cursor, loading, loadingMore])

  useEffect(() => {
    void reload()
  }, [reload])

  return { items, loading, loadingMore, hasMore: cursor !== null, error, reload, loadMore }
}
