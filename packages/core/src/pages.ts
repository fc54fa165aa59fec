// Paginated lists (x-paginated): `client.listThings.all(params)` iterates over every item of
// every page, asking for the next page only when the caller has taken the last item of this one.
import type { ErrorFamily } from './errors.js';
import type { CallOptions } from './transport.js';

export interface PageOptions extends CallOptions {
  /** The most pages to ask for; one more fails, rather than looping on a server that always has a next page. Default 1 000. */
  maxPages?: number;
}

/**
 * How a list is paged (from the spec's x-paginated). `items` is the answer's array; then one of:
 * `cursor`, the input and answer property that carries the next page's cursor; `offset` (with
 * `limit` and `total`), the input of how many items to skip; neither, `page` and `limit` inputs
 * with mongoose-paginate's `hasNextPage` / `nextPage` in the answer.
 */
export interface Paging {
  readonly items: string;
  readonly cursor?: string;
  readonly offset?: string;
  readonly limit?: string;
  readonly total?: string;
}

/** A list method: called, one page; `.all()`, every item of every page. `Optional`: whether it can be called without params. */
export type PaginatedMethod<Params, Page, Item, Optional extends boolean = true> = (Optional extends true
  ? (params?: Params, options?: CallOptions) => Promise<Page>
  : (params: Params, options?: CallOptions) => Promise<Page>) & {
  /** Every item of every page, from the page `params` select on; `options.signal` stops it. */
  all: Optional extends true
    ? (params?: Params, options?: PageOptions) => AsyncIterableIterator<Item>
    : (params: Params, options?: PageOptions) => AsyncIterableIterator<Item>;
};

const DEFAULT_MAX_PAGES = 1_000;
type Answer = Record<string, unknown>;

/** Iterates over the items of each page `fetchPage` returns, for as long as the answers say another follows. */
export async function* allItems(
  fetchPage: (params: Record<string, unknown>, options: CallOptions | undefined) => Promise<unknown>,
  paging: Paging,
  params: Record<string, unknown> = {},
  options: PageOptions = {},
  errors: ErrorFamily,
): AsyncIterableIterator<unknown> {
  const { maxPages = DEFAULT_MAX_PAGES, ...callOptions } = options;
  if (maxPages !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxPages) || maxPages < 1))
    throw new errors.SDKError(`maxPages must be an integer >= 1, got ${String(maxPages)}.`);
  let request = firstPage(paging, params, errors);
  for (let pages = 1; ; pages++) {
    if (callOptions.signal?.aborted)
      throw new errors.AbortError('The iteration was aborted.', { cause: callOptions.signal.reason });
    const answer = ((await fetchPage(request, callOptions)) ?? {}) as Answer;
    const list = answer[paging.items];
    // Mesh's lists are nullable: null is an empty last page. A missing list is a wrong mapping.
    if (list === null) return;
    if (!Array.isArray(list))
      throw new errors.SDKError(`The page's ${paging.items} is not a list of items; .all() cannot go on.`);
    yield* list;
    const next = list.length > 0 ? nextPage(paging, request, answer, list.length) : undefined;
    if (!next) return;
    if (pages >= maxPages)
      throw new errors.SDKError(
        `The list has more than ${maxPages} pages; pass a larger maxPages to .all() to read further.`,
      );
    request = next;
  }
}

function firstPage(paging: Paging, params: Record<string, unknown>, errors: ErrorFamily): Record<string, unknown> {
  if (paging.cursor) return params;
  const [name, from] = paging.offset ? [paging.offset, 0] : ['page', 1];
  const value = params[name] ?? from;
  if (!Number.isInteger(value) || (value as number) < from)
    throw new errors.SDKError(`${name} must be an integer >= ${from}, got ${String(params[name])}.`);
  return { ...params, [name]: value };
}

/** The params of the page after `request`'s, whose answer had `count` items; undefined after the last. */
function nextPage(
  paging: Paging,
  request: Record<string, unknown>,
  answer: Answer,
  count: number,
): Record<string, unknown> | undefined {
  if (paging.cursor) {
    // A cursor that does not move would ask for the same page again.
    const cursor = answer[paging.cursor];
    return typeof cursor === 'string' && cursor !== '' && cursor !== request[paging.cursor]
      ? { ...request, [paging.cursor]: cursor }
      : undefined;
  }
  if (paging.offset) {
    const offset = (request[paging.offset] as number) + count;
    const total = paging.total && answer[paging.total];
    const limit = paging.limit && request[paging.limit];
    const more = typeof total === 'number' ? offset < total : typeof limit !== 'number' || count >= limit;
    return more ? { ...request, [paging.offset]: offset } : undefined;
  }
  const page = request.page as number;
  const more =
    typeof answer.hasNextPage === 'boolean'
      ? answer.hasNextPage
      : typeof request.limit !== 'number' || count >= request.limit;
  if (!more) return undefined;
  return {
    ...request,
    page: typeof answer.nextPage === 'number' && answer.nextPage > page ? answer.nextPage : page + 1,
  };
}
