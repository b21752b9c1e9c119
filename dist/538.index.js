export const id = 538;
export const ids = [538];
export const modules = {

/***/ 5538:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   judgeEdge: () => (/* binding */ judgeEdge),
/* harmony export */   spread: () => (/* binding */ spread),
/* harmony export */   tally: () => (/* binding */ tally),
/* harmony export */   verify: () => (/* binding */ verify)
/* harmony export */ });
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8992);

/** Seconds of clock difference forgiven between the runner and the edge. */
const SKEW_S = 2;
/**
 * What one answer says of a purge made at `purgedAt` (ms since the epoch). A HIT whose age
 * reaches back before the purge was not purged; one younger than it was cached again since.
 */
const judgeEdge = (seen, purgedAt, mode) => {
    switch (seen.status) {
        case 'MISS':
            return { verdict: 'purged', detail: 'fetched from the origin (MISS)' };
        case 'EXPIRED':
            return { verdict: 'purged', detail: 'expired and fetched again (EXPIRED)' };
        case 'REVALIDATED':
            return { verdict: 'purged', detail: 'revalidated with the origin (REVALIDATED)' };
        case 'HIT': {
            if (seen.age === undefined)
                return {
                    verdict: 'refilled',
                    detail: 'HIT without an Age header: cannot tell when it was cached'
                };
            const cachedAt = seen.at - seen.age * 1000;
            return cachedAt >= purgedAt - SKEW_S * 1000
                ? { verdict: 'refilled', detail: `cached again ${seen.age} s ago, after the purge (HIT)` }
                : { verdict: 'stale', detail: `cached ${seen.age} s ago, before the purge (HIT)` };
        }
        case 'UPDATING':
        case 'STALE':
            return mode === 'invalidate'
                ? { verdict: 'revalidating', detail: `served stale while it revalidates (${seen.status})` }
                : { verdict: 'stale', detail: `served from the cache as stale (${seen.status})` };
        case 'DYNAMIC':
        case 'BYPASS':
        case 'NONE':
        case 'UNKNOWN':
            return { verdict: 'not cached', detail: `not cached by Cloudflare at all (${seen.status})` };
        case '':
            return {
                verdict: 'not through Cloudflare',
                detail: "no CF-Cache-Status header: not served through Cloudflare's cache"
            };
        default:
            return {
                verdict: 'could not check',
                detail: `unknown CF-Cache-Status "${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(seen.status, 20)}"`
            };
    }
};
/** At most `limit` items spread evenly over the list: the first, the last, and between. */
const spread = (items, limit) => {
    if (items.length <= limit)
        return [...items];
    if (limit <= 1)
        return items.slice(0, Math.max(0, limit));
    return Array.from({ length: limit }, (_, i) => items[Math.round((i * (items.length - 1)) / (limit - 1))]);
};
const verdictOrder = [
    'stale',
    'could not check',
    'not through Cloudflare',
    'not cached',
    'revalidating',
    'refilled',
    'purged'
];
/** Checks each URL, a few in flight, within the deadline. */
const verify = async (items, options) => {
    const { clock } = options;
    const delays = options.retryDelaysMs ?? [1000, 2000, 3000];
    const checks = new Array(items.length);
    let next = 0;
    const one = async ({ item, purgedAt }) => {
        const url = typeof item === 'string' ? item : item.url;
        const headers = typeof item === 'string' ? {} : item.headers;
        let attempts = 0;
        for (;;) {
            attempts++;
            const left = options.deadline - clock.now();
            if (left <= 0)
                return {
                    url,
                    headers,
                    status: '',
                    age: undefined,
                    verdict: 'could not check',
                    detail: 'the timeout ran out first',
                    attempts
                };
            let seen;
            try {
                seen = await options.fetchEdge(url, headers, Math.min(10_000, left));
            }
            catch (error) {
                return {
                    url,
                    headers,
                    status: '',
                    age: undefined,
                    verdict: 'could not check',
                    detail: (0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(error.message, 120),
                    attempts
                };
            }
            const { verdict, detail } = judgeEdge(seen, purgedAt, options.mode);
            const wait = delays[attempts - 1];
            if (verdict !== 'stale' || wait === undefined || clock.now() + wait > options.deadline)
                return { url, headers, status: seen.status, age: seen.age, verdict, detail, attempts };
            await clock.sleep(wait);
        }
    };
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            checks[index] = await one(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(options.inFlight ?? 4, items.length) }, worker));
    return checks;
};
/** Counts per verdict, worst first, for the `verified` output and the log. */
const tally = (checks) => {
    const counts = {};
    for (const verdict of verdictOrder) {
        const n = checks.filter((c) => c.verdict === verdict).length;
        if (n > 0)
            counts[verdict] = n;
    }
    return counts;
};


/***/ })

};
