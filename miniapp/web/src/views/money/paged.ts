// A cursor-paged list as React state: the first page as a resource (loading, error, retry), later pages
// appended by "load more".
import { useState } from 'react';
import type { Paged } from '../../api/types';
import { useResource, type Resource } from '../../api/use-resource';

export function usePaged<T>(load: (cursor?: string | null) => Promise<Paged<T>>, deps: readonly unknown[]): {
  first: Resource<Paged<T>>;
  items: (first: Paged<T>) => T[];
  cursor: (first: Paged<T>) => string | null;
  loadMore: (cursor: string) => Promise<void>;
} {
  const first = useResource(() => load(), deps);
  const [more, setMore] = useState<Array<Paged<T>>>([]);
  return {
    first,
    items: (f) => [f, ...more].flatMap((p) => p.items),
    cursor: (f) => [f, ...more].at(-1)!.nextCursor,
    loadMore: (cursor) => load(cursor).then((page) => setMore((m) => [...m, page])),
  };
}
