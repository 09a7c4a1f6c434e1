import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '@parley/client';
import type { ErrorCode } from '@parley/protocol';

/** The error code of a failed call, for `t('error.<code>')`. */
export function errorCode(error: unknown): ErrorCode {
  return (error instanceof ApiError ? error.code : 'internal_error') as ErrorCode;
}

/** Loads data once and on `reload()`; keeps the last good value while reloading. */
export function useLoad<T>(load: () => Promise<T>): {
  data: T | undefined;
  error: ErrorCode | null;
  reload: () => void;
  setData: (update: (current: T | undefined) => T | undefined) => void;
} {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
      },
      (e: unknown) => live && setError(errorCode(e)),
    );
    return () => {
      live = false;
    };
    // `load` is recreated every render on purpose; `round` is what asks for a reload.
  }, [round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, reload, setData };
}
