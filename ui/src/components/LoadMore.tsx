/** What "load more" needs of a keyset list (`useInfiniteQuery`'s result). */
export type NextPages = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };

/** Keyset "load more" under a list: there while a next page exists, disabled while it loads. */
export const LoadMore = ({ pages }: { pages: NextPages }) =>
  pages.hasNextPage ? (
    <button type="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
      {pages.isFetchingNextPage ? 'Loading…' : 'Load more'}
    </button>
  ) : null;
