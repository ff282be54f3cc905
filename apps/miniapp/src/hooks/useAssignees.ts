import { useCallback, useRef, useState } from 'react';
import type { MeView } from '@doorstep/contracts';

import { listAssignees, type Assignee } from '../services/people';
import { errorMessage } from '../services/request';

export interface AssigneesState {
  items: Assignee[];
  loading: boolean;
  error: string | undefined;
  /** Loads the list the first time it is needed (the assign form opens); once per person and handler. */
  ensure: () => void;
}

export function useAssignees(me: MeView | undefined, handlerType: 'company' | 'community' | undefined): AssigneesState {
  const [items, setItems] = useState<Assignee[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const attempted = useRef<string | null>(null);

  const ensure = useCallback(() => {
    if (!me || !handlerType) return;
    const key = `${me.user.id}:${handlerType}`;
    if (attempted.current === key) return;
    attempted.current = key;
    setLoading(true);
    setError(undefined);
    listAssignees(me, handlerType)
      .then(setItems)
      .catch((err) => {
        setError(errorMessage(err));
        // Opening the form again tries again.
        attempted.current = null;
      })
      .finally(() => setLoading(false));
  }, [me, handlerType]);

  return { items, loading, error, ensure };
}
