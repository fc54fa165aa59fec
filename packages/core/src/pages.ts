// Paginated lists (x-paginated): `client.listThings.all(params)` iterates over every item of
// every page, asking for the next page only when the caller has taken the last item of this one.
import type { ErrorFamily } from './errors.js';
import type { CallOptions } from './transport.js';

export interface PageOptions extends CallOptions {
  /** The most pages to ask for; one more fails, rather than looping on a server that always has a next page. Default 1 000. */
  maxPages?: number;
}

/** A list method: called, one page; `.all()`, every item of every page. `Optional`: whether it can be called without params. */
export type PaginatedMethod<Params, Page, Item, Optional extends boolean = true> = (Optional extends true
  ? (params?: Params, options?: CallOptions) => Promise<Page>
  : (params: Params, options?: CallOptions) => Promise<Page>) & {
  /** Every item of every page, from `params.page` (default 1) on; `options.signal` stops it. */
  all: Optional extends true ? (params?: Params, options?: PageOptions) => AsyncIterableIterator<Item> : (params: Params, options?: PageOptions) => AsyncIterableIterator<Item>;
};

const DEFAULT_MAX_PAGES = 1_000;

/**
 * Iterates over `items` of each page `fetchPage` returns. The next page is the answer's
 * `nextPage`, else the one after, while `hasNextPage` says so (mongoose-paginate's fields);
 * without `hasNextPage`, while a page came back full or, with no `limit` asked, not empty.
 */
export async function* allItems(
  fetchPage: (params: Record<string, unknown>, options: CallOptions | undefined) => Promise<unknown>,
  items: string,
  params: Record<string, unknown> = {},
  options: PageOptions = {},
  errors: ErrorFamily,
): AsyncIterableIterator<unknown> {
  const { maxPages = DEFAULT_MAX_PAGES, ...callOptions } = options;
  if (maxPages !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxPages) || maxPages < 1)) throw new errors.SDKError(`maxPages must be an integer >= 1, got ${String(maxPages)}.`);
  let page = typeof params.page === 'number' ? params.page : Number(params.page ?? 1);
  if (!Number.isInteger(page) || page < 1) throw new errors.SDKError(`page must be an integer >= 1, got ${String(params.page)}.`);
  for (let pages = 1; ; pages++) {
    if (callOptions.signal?.aborted) throw new errors.AbortError('The iteration was aborted.', { cause: callOptions.signal.reason });
    const answer = (await fetchPage({ ...params, page }, callOptions)) as Record<string, unknown> | null;
    const list = answer?.[items];
    if (!Array.isArray(list)) throw new errors.SDKError(`The page's ${items} is not a list of items; .all() cannot go on.`);
    yield* list;
    const more = typeof answer!.hasNextPage === 'boolean' ? answer!.hasNextPage : list.length > 0 && (typeof params.limit !== 'number' || list.length >= params.limit);
    if (!more) return;
    if (pages >= maxPages) throw new errors.SDKError(`The list has more than ${maxPages} pages; pass a larger maxPages to .all() to read further.`);
    page = typeof answer!.nextPage === 'number' && answer!.nextPage > page ? answer!.nextPage : page + 1;
  }
}
