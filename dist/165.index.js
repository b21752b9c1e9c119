export const id = 165;
export const ids = [165];
export const modules = {

/***/ 50997:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S1: () => (/* binding */ edgeHeaders),
/* harmony export */   Wt: () => (/* binding */ PAGE_LIMIT),
/* harmony export */   hC: () => (/* binding */ edgeTarget),
/* harmony export */   jj: () => (/* binding */ fetchThroughEdge),
/* harmony export */   xw: () => (/* binding */ EDGE_OVERRIDE)
/* harmony export */ });
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76803);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48992);
/**
 * Requests a URL through Cloudflare's edge for verification, reading only the headers. For tests
 * and the demo, CLOUDFLARE_PURGE_EDGE_URL sends every such request to a local edge instead (the
 * emulator's), with the real host in `X-Forwarded-Host`: a testing hook, not an input.
 */


const EDGE_OVERRIDE = 'CLOUDFLARE_PURGE_EDGE_URL';
/** The most of a page's body read when it is inspected: a marker and the head's assets sit near its top. */
const PAGE_LIMIT = 1024 * 1024;
/** Where a request for `url` goes: the URL itself, or the local edge with the real host in headers. */
const edgeTarget = (url, edge = process.env[EDGE_OVERRIDE]) => {
    if (edge === undefined || !/^https?:\/\//.test(edge))
        return { address: url, extra: {} };
    const target = new URL(url);
    return {
        address: `${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .trimEnd */ .s8)(edge, '/')}${target.pathname}${target.search}`,
        extra: {
            'x-forwarded-host': target.host,
            'x-forwarded-proto': target.protocol.replace(':', '')
        }
    };
};
/**
 * The headers of a request through the edge: the cache key's own (the item's), the edge
 * override's, and what the action asks with when the item names none of it (what a browser asks
 * with, since the encodings are part of what is cached, and the user agent). A header the item
 * names wins: it is part of the variant that was purged. Names in lower case, a name given
 * twice sent once with its values joined.
 */
const edgeHeaders = (headers, extra, userAgent) => {
    const merged = {};
    for (const list of [headers, extra])
        for (const [name, value] of Object.entries(list)) {
            const key = name.toLowerCase();
            merged[key] = merged[key] === undefined ? value : `${merged[key]}, ${value}`;
        }
    const own = { accept: '*/*', 'accept-encoding': 'gzip, deflate, br', 'user-agent': userAgent };
    for (const [name, value] of Object.entries(own))
        merged[name] ??= value;
    return merged;
};
/**
 * Requests a URL through the edge and reads the headers; with `inspect`, the first PAGE_LIMIT
 * bytes of the body too, handed to it and dropped once it has said what they show.
 */
const fetchThroughEdge = (userAgent, edge = process.env[EDGE_OVERRIDE], inspect) => async (url, headers, timeoutMs) => {
    const { address, extra } = edgeTarget(url, edge);
    // A redirect is what is cached for this URL: it is the answer, never followed.
    const answer = await (0,_http_js__WEBPACK_IMPORTED_MODULE_0__/* .httpCall */ .b3)(address, {
        headers: edgeHeaders(headers, extra, userAgent),
        timeoutMs,
        read: inspect === undefined ? 'headers' : { upTo: PAGE_LIMIT }
    });
    const at = Date.now();
    const age = answer.headers.get('age');
    return {
        // Outside text: one short word, or what judging it says is unknown, never more.
        status: (0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .flattenLine */ .F3)((answer.headers.get('cf-cache-status') ?? '').trim().toUpperCase(), 20),
        // As it came: judging it (verify.ts, readAge) decides what it says, and quotes it bounded.
        age: age === null ? undefined : age.trim(),
        at,
        ...(inspect === undefined ? {} : { page: await inspect(url, answer, at) })
    };
};


/***/ }),

/***/ 3994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bx: () => (/* binding */ bustedUrl),
/* harmony export */   HC: () => (/* binding */ needleOf),
/* harmony export */   L7: () => (/* binding */ shows),
/* harmony export */   ho: () => (/* binding */ BUST_PARAM),
/* harmony export */   we: () => (/* binding */ markerOf)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/**
 * What shows that the new version is live, and the query parameter that makes a request a URL no
 * cache holds: shared by the deploy gate and the doctor, without the gate's client.
 */

/** The gate's needle: `wait_for`, or the run's commit, whose first 7 characters its full form has. */
const needleOf = (gate, sha) => {
    if (gate.waitFor !== undefined)
        return { text: gate.waitFor, ignoreCase: false };
    if (sha === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz([
            {
                input: 'wait_for',
                value: '',
                problem: 'is needed: GITHUB_SHA is not set, so there is no commit to wait for; give the text that shows the new version'
            }
        ]);
    return { text: sha.slice(0, 7), ignoreCase: true };
};
/**
 * What shows the new version in a page after the purge: the gate's needle where the gate is set,
 * else the run's commit (only a page that shows it can be told by it); none without either.
 */
const markerOf = (gate, sha) => gate !== undefined
    ? needleOf(gate, sha)
    : sha === ''
        ? undefined
        : needleOf({ waitFor: undefined }, sha);
/** The query parameter that makes every poll a URL no cache holds. */
const BUST_PARAM = 'cf_purge_wait';
/** The URL with the cache-busting parameter added, the rest of its query kept as written. */
const bustedUrl = (url, bust) => {
    const target = new URL(url);
    target.hash = '';
    const param = `${BUST_PARAM}=${encodeURIComponent(bust)}`;
    target.search = target.search === '' ? `?${param}` : `${target.search}&${param}`;
    return target.href;
};
/** Whether the text shows the needle. */
const shows = (text, needle) => needle.ignoreCase
    ? text.toLowerCase().includes(needle.text.toLowerCase())
    : text.includes(needle.text);


/***/ }),

/***/ 16600:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ urlAndHeaders),
/* harmony export */   B5: () => (/* binding */ edgeKey),
/* harmony export */   ug: () => (/* binding */ warmThroughEdge),
/* harmony export */   zK: () => (/* binding */ warmAll)
/* harmony export */ });
/* unused harmony export cacheWord */
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76803);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48992);
/* harmony import */ var _fetch_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(50997);



/** A cache key as warming and verification both name it: the URL and its headers, names in lower case. */
const edgeKey = (url, headers) => `${url}\n${JSON.stringify(Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
const urlAndHeaders = (item) => typeof item === 'string' ? { url: item, headers: {} } : item;
/** Outside text made a JSON key and a table cell: a word of at most 16 letters, or OTHER. */
const cacheWord = (header) => {
    const value = (header ?? '').trim().toUpperCase();
    if (value === '')
        return 'absent';
    return /^[A-Z][A-Z_-]{0,15}$/.test(value) ? value : 'OTHER';
};
const describeError = (error, timeoutMs) => {
    const name = error?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
        return `no whole answer within ${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .seconds */ .YA)(timeoutMs)} s`;
    const cause = error?.cause;
    const message = typeof cause?.message === 'string' && cause.message !== ''
        ? cause.message
        : String(error?.message ?? error);
    return (0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .flattenLine */ .F3)(message, 120);
};
/**
 * Requests one URL through the edge (or CLOUDFLARE_PURGE_EDGE_URL's) and reads the body to its
 * end, dropping it as it comes; a redirect is the answer (it is what is cached for the URL).
 * Through node:http(s) (http.ts): warming makes up to 100,000 requests.
 */
const warmThroughEdge = (userAgent, edge = process.env[_fetch_js__WEBPACK_IMPORTED_MODULE_2__/* .EDGE_OVERRIDE */ .xw]) => async (url, headers, timeoutMs) => {
    const { address, extra } = (0,_fetch_js__WEBPACK_IMPORTED_MODULE_2__/* .edgeTarget */ .hC)(url, edge);
    const answer = await (0,_http_js__WEBPACK_IMPORTED_MODULE_0__/* .httpCall */ .b3)(address, {
        headers: (0,_fetch_js__WEBPACK_IMPORTED_MODULE_2__/* .edgeHeaders */ .S1)(headers, extra, userAgent),
        timeoutMs,
        read: 'drain'
    });
    return { status: answer.status, cache: cacheWord(answer.headers.get('cf-cache-status')) };
};
const MIN_REQUEST_MS = 100;
/** Fetches each item once, `concurrency` at a time, in order, until the deadline. */
const warmAll = async (items, options) => {
    const { clock } = options;
    const started = clock.now();
    let next = 0;
    const one = async (item) => {
        const { url, headers } = urlAndHeaders(item);
        const left = options.deadline - clock.now();
        const timeoutMs = Math.min(options.requestTimeoutMs, left);
        const began = clock.now();
        try {
            const answer = await options.fetchEdge(url, headers, timeoutMs);
            return { url, headers, ...answer, ms: clock.now() - began, error: undefined };
        }
        catch (error) {
            return {
                url,
                headers,
                status: undefined,
                cache: 'absent',
                ms: clock.now() - began,
                error: describeError(error, timeoutMs)
            };
        }
    };
    const worker = async () => {
        // A request started with almost no time left would only fail: what is left is out of time.
        while (next < items.length && options.deadline - clock.now() >= MIN_REQUEST_MS)
            options.onWarmed(await one(items[next++]));
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
    return { requested: next, outOfTime: items.length - next, ms: clock.now() - started };
};


/***/ }),

/***/ 71165:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkEdge: () => (/* binding */ checkEdge),
  verifyStage: () => (/* binding */ verifyStage)
});

;// CONCATENATED MODULE: ./src/edge/assets.ts
/**
 * The assets an HTML page references and a browser would fetch at once: scripts, stylesheets,
 * preloads and images. Read with htmlparser2's streaming parser (the tokenizer and its entity
 * decoder, no DOM), loaded on the first HTML page a check meets: a run that checks none never
 * loads it. The page is outside text: nothing here runs it or follows what it says but the URLs
 * it names, resolved against the page (and its `<base href>`), kept only when `keep` says.
 */
/** Link relations whose target a browser fetches with the page. */
const FETCHED_RELS = new Set(['stylesheet', 'preload', 'modulepreload', 'icon']);
/** The URL an attribute names, resolved, without its fragment; undefined when it is not http(s). */
const resolve = (value, base) => {
    const raw = value?.trim();
    if (raw === undefined || raw === '' || raw.length > 2048)
        return undefined;
    try {
        const url = new URL(raw, base);
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
            return undefined;
        if (url.username !== '' || url.password !== '')
            return undefined;
        url.hash = '';
        return url;
    }
    catch {
        return undefined;
    }
};
/** Which attribute of a tag names an asset fetched with the page, if any. */
const assetAttribute = (name, attributes) => {
    if (name === 'script' || name === 'img')
        return attributes.src;
    if (name === 'link') {
        const rels = (attributes.rel ?? '').toLowerCase().split(/\s+/);
        return rels.some((rel) => FETCHED_RELS.has(rel)) ? attributes.href : undefined;
    }
    return undefined;
};
/**
 * The assets of `html`, in the order the page names them, each once, at most `limit`, none the
 * page itself; parsing stops as soon as the limit is reached.
 */
const assetsOf = async (html, page, keep, limit) => {
    const { Parser } = await __webpack_require__.e(/* import() */ 374).then(__webpack_require__.bind(__webpack_require__, 78374));
    const found = new Set();
    let base = page;
    let baseSet = false;
    const parser = new Parser({
        onopentag(name, attributes) {
            if (found.size >= limit)
                return;
            if (name === 'base' && !baseSet) {
                baseSet = true;
                base = resolve(attributes.href, page) ?? page;
                return;
            }
            const url = resolve(assetAttribute(name, attributes), base);
            if (url === undefined || url.href === page.href || !keep(url))
                return;
            found.add(url.href);
            if (found.size >= limit)
                parser.pause();
        }
    }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
    parser.end(html);
    return [...found];
};

// EXTERNAL MODULE: ./src/edge/fetch.ts
var fetch = __webpack_require__(50997);
// EXTERNAL MODULE: ./src/edge/needle.ts
var needle = __webpack_require__(3994);
;// CONCATENATED MODULE: ./src/edge/page.ts

/** Assets taken from one page, and the most pages parsed in a run. */
const ASSETS_PER_PAGE = 20;
const PARSED_PAGES = 100;
/** `max-age=N` of a Cache-Control value, or a bare directive's presence. */
const directive = (value, name) => {
    for (const part of value.split(',')) {
        const [key, arg] = part.split('=', 2).map((s) => s.trim());
        if (key?.toLowerCase() === name)
            return arg === undefined ? true : arg.replace(/^"|"$/g, '');
    }
    return undefined;
};
/** RFC 9111 §1.2.2: a delta-seconds too large to hold counts as 2^31 seconds. */
const MAX_SECONDS = 2 ** 31;
/**
 * How long browsers may keep this answer: `no-store`, then `no-cache`, then `max-age` (which
 * wins over `Expires`), then `Expires` less `Date` (an invalid `Expires` is already expired).
 * `s-maxage` and `private` speak to other caches, or allow this one: neither changes it.
 */
const browserLife = (headers, at) => {
    const control = headers.get('cache-control') ?? '';
    if (directive(control, 'no-store') !== undefined)
        return { kind: 'no-store' };
    if (directive(control, 'no-cache') !== undefined)
        return { kind: 'no-cache' };
    const maxAge = directive(control, 'max-age');
    if (typeof maxAge === 'string' && /^\d+$/.test(maxAge))
        return { kind: 'for', seconds: Math.min(Number(maxAge), MAX_SECONDS), from: 'max-age' };
    const expires = headers.get('expires');
    if (expires !== null) {
        const until = Date.parse(expires);
        const date = Date.parse(headers.get('date') ?? '');
        const seconds = Number.isFinite(until)
            ? Math.max(0, Math.floor((until - (Number.isFinite(date) ? date : at)) / 1000))
            : 0;
        return { kind: 'for', seconds: Math.min(seconds, MAX_SECONDS), from: 'Expires' };
    }
    return { kind: 'unsaid', lastModified: headers.get('last-modified') !== null };
};
/** A duration in the largest unit that says it: `45 s`, `10 min`, `2 h`, `7 d`. */
const duration = (seconds) => {
    const units = [
        [86_400, 'd'],
        [3600, 'h'],
        [60, 'min']
    ];
    for (const [size, unit] of units)
        if (seconds >= size) {
            const n = Math.round((seconds / size) * 10) / 10;
            return `${n} ${unit}`;
        }
    return `${seconds} s`;
};
/** What the browsers' share reads as, for the log and the summary: our own words. */
const describeLife = (life) => {
    switch (life.kind) {
        case 'for':
            return life.seconds === 0
                ? `asks again each time (${life.from === 'max-age' ? 'max-age=0' : 'Expires passed'})`
                : `up to ${duration(life.seconds)} (${life.from === 'max-age' ? `max-age=${life.seconds}` : 'Expires'})`;
        case 'no-store':
            return 'not kept (no-store)';
        case 'no-cache':
            return 'asks again each time (no-cache)';
        case 'unsaid':
            return life.lastModified
                ? 'as long as each browser guesses from Last-Modified (no max-age or Expires)'
                : 'asks again each time (no max-age, Expires or Last-Modified)';
    }
};
const isHtml = (answer) => /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(answer.headers.get('content-type') ?? '');
/**
 * Reads the facts of each page: the marker in its headers and body, and the same-site assets of
 * the first PARSED_PAGES HTML pages (`assetsOf` is the parser, loaded when a page needs it).
 */
const inspector = (marker, sameSite, assetsOf) => {
    let parsed = 0;
    return async (url, answer, at) => {
        const ok = answer.status >= 200 && answer.status < 300;
        const text = ok ? new TextDecoder().decode(answer.body) : '';
        let marked;
        if (marker !== undefined && ok) {
            // Where the gate looks too: any header's value, or the body.
            let inHeaders = false;
            answer.headers.forEach((value) => (inHeaders ||= (0,needle/* shows */.L7)(value, marker)));
            marked = inHeaders || (0,needle/* shows */.L7)(text, marker);
        }
        const parse = ok && isHtml(answer) && parsed < PARSED_PAGES;
        if (parse)
            parsed++;
        const page = new URL(url);
        const assets = parse ? await assetsOf(text, page, sameSite(page), ASSETS_PER_PAGE) : undefined;
        return { status: answer.status, browser: browserLife(answer.headers, at), marked, assets };
    };
};

// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(48992);
// EXTERNAL MODULE: ./src/model.ts
var model = __webpack_require__(10182);
// EXTERNAL MODULE: ./src/clock.ts
var clock = __webpack_require__(99373);
;// CONCATENATED MODULE: ./src/edge/verify.ts
/**
 * After a purge, asks the edge whether it took: requests purged URLs through Cloudflare and reads
 * `CF-Cache-Status` and `Age`. A 200 from the purge API means accepted, not removed; this is
 * the check Cloudflare's API reference itself suggests. Loaded only when `verify` is on.
 */



/** Seconds of clock difference forgiven between the runner and the edge. */
const SKEW_S = 2;
/** RFC 9111 §1.2.2: a delta-seconds too large to hold counts as 2^31 seconds. */
const MAX_AGE_S = 2 ** 31;
/**
 * The Age header's seconds, when it is one RFC 9111 delta-seconds value: digits only. Anything
 * else (a sign, a fraction, a word, a list from two headers) says nothing about when the page was
 * cached, so it is a problem, never a young age.
 */
const readAge = (raw) => {
    if (raw === undefined)
        return { problem: 'without an Age header' };
    if (raw === '')
        return { problem: 'with an empty Age header' };
    if (/^\d+$/.test(raw))
        return { seconds: Math.min(Number(raw), MAX_AGE_S) };
    // One Age holds no comma; fetch joins two headers with ", ".
    if (raw.includes(','))
        return { problem: `with more than one Age header (${(0,src_text/* quote */.hD)(raw, 20)})` };
    return { problem: `with an Age of ${(0,src_text/* quote */.hD)(raw, 20)}, not a whole number of seconds` };
};
/** The Age in seconds when it is valid, for the report's table. */
const ageSeconds = (raw) => {
    const age = readAge(raw);
    return 'seconds' in age ? age.seconds : undefined;
};
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
            const age = readAge(seen.age);
            if ('problem' in age)
                return {
                    verdict: 'could not check',
                    detail: `HIT ${age.problem}: cannot tell when it was cached`
                };
            const cachedAt = seen.at - age.seconds * 1000;
            return cachedAt >= purgedAt - SKEW_S * 1000
                ? {
                    verdict: 'refilled',
                    detail: `cached again ${age.seconds} s ago, after the purge (HIT)`
                }
                : { verdict: 'stale', detail: `cached ${age.seconds} s ago, before the purge (HIT)` };
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
                detail: `unknown CF-Cache-Status "${(0,src_text/* flattenLine */.F3)(seen.status, 20)}"`
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
            const unchecked = (detail) => ({
                url,
                headers,
                status: '',
                age: undefined,
                verdict: 'could not check',
                detail,
                attempts
            });
            if (left <= 0)
                return unchecked('the timeout ran out first');
            let seen;
            try {
                seen = await options.fetchEdge(url, headers, Math.min(10_000, left));
            }
            catch (error) {
                return unchecked((0,src_text/* flattenLine */.F3)(error.message, 120));
            }
            const { verdict, detail } = judgeEdge(seen, purgedAt, options.mode);
            const wait = delays[attempts - 1];
            if (verdict !== 'stale' || wait === undefined || clock.now() + wait > options.deadline)
                return {
                    url,
                    headers,
                    status: seen.status,
                    age: ageSeconds(seen.age),
                    verdict,
                    detail,
                    attempts,
                    ...(seen.page === undefined ? {} : { page: seen.page })
                };
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

// EXTERNAL MODULE: ./src/edge/warm.ts
var warm = __webpack_require__(16600);
// EXTERNAL MODULE: ./src/inputs/verify.ts
var inputs_verify = __webpack_require__(88452);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/cloudflare/retried-get.ts
var retried_get = __webpack_require__(85685);
// EXTERNAL MODULE: ./src/cloudflare/verdict.ts
var verdict = __webpack_require__(55414);
// EXTERNAL MODULE: ./src/cloudflare/zone-lookup.ts
var zone_lookup = __webpack_require__(81480);
;// CONCATENATED MODULE: ./src/cloudflare/cache-rules.ts
/**
 * The zone's Cache Rules, read for what they put in the cache key: the entry point ruleset of the
 * phase `http_request_cache_settings` (Rulesets API, `GET .../rulesets/phases/{phase}/entrypoint`).
 * Shapes as the official `cloudflare` SDK (v7, resources/rulesets) and Cloudflare's published
 * OpenAPI schema give them: each rule an `action` (`set_cache_settings`), `enabled`, and
 * `action_parameters.cache_key`, whose `custom_key` has `header` (`include`, `check_presence`,
 * `contains`), `cookie` (`include`, `check_presence`), `query_string` (`include` / `exclude`, each
 * `{ all }` or `{ list }`) and `user` (`device_type`, `geo`, `lang`); `cache_by_device_type`
 * beside it. Reading needs the token permission "Cache Settings Read" (or Write): a refusal is a
 * note, never a failure. A zone without the entry point answers 404: it has no Cache Rules.
 */





const CACHE_RULES_PHASE = 'http_request_cache_settings';
/** The permission the call needs, as Cloudflare's schema names it (`x-api-token-group`). */
const CACHE_RULES_PERMISSION = 'Cache Settings Read';
const cacheRulesPath = (zoneId) => `/zones/${zoneId}/rulesets/phases/${CACHE_RULES_PHASE}/entrypoint`;
const MAX_RULES = 200;
const MAX_NAMES = 20;
const MAX_NAME = 100;
const objectOf = (value) => value !== null && typeof value === 'object' && !Array.isArray(value)
    ? value
    : undefined;
/** The strings of a list, at most MAX_NAMES, each bounded; anything else in it is dropped. */
const names = (value) => (Array.isArray(value) ? value : [])
    .filter((v) => typeof v === 'string' && v !== '')
    .slice(0, MAX_NAMES)
    .map((v) => (0,src_text/* flattenLine */.F3)(v, MAX_NAME));
/** What the user part adds: the headers a URL purge names them by (Cloudflare's purge docs). */
const userHeaders = (user, byDevice) => [
    ...(user?.device_type === true || byDevice ? ['CF-Device-Type'] : []),
    ...(user?.geo === true ? ['CF-IPCountry'] : []),
    ...(user?.lang === true ? ['Accept-Language'] : [])
];
const queryOf = (query) => {
    const include = objectOf(query?.include);
    const exclude = objectOf(query?.exclude);
    if (include !== undefined && include.all !== true)
        return { only: names(include.list) };
    if (exclude !== undefined && exclude.all !== true && Array.isArray(exclude.list))
        return { except: names(exclude.list) };
    return undefined;
};
/** What one rule adds to the key; undefined for a rule that leaves the key as it is. */
const partsOf = (rule) => {
    if (rule.action !== 'set_cache_settings' || rule.enabled === false)
        return undefined;
    const key = objectOf(objectOf(rule.action_parameters)?.cache_key);
    if (key === undefined)
        return undefined;
    const custom = objectOf(key.custom_key);
    const header = objectOf(custom?.header);
    const cookie = objectOf(custom?.cookie);
    const headers = [
        ...names(header?.include),
        ...names(header?.check_presence),
        ...names(Object.keys(objectOf(header?.contains) ?? {})),
        ...userHeaders(objectOf(custom?.user), key.cache_by_device_type === true)
    ];
    const cookies = [...names(cookie?.include), ...names(cookie?.check_presence)];
    const query = queryOf(objectOf(custom?.query_string));
    if (headers.length === 0 && cookies.length === 0 && query === undefined)
        return undefined;
    const label = [rule.description, rule.ref, rule.id].find((v) => typeof v === 'string' && v !== '');
    return {
        rule: (0,src_text/* flattenLine */.F3)(String(label ?? 'a rule without a name'), MAX_NAME),
        headers: [...new Set(headers)],
        cookies: [...new Set(cookies)],
        query
    };
};
/** The rules of the entry point that change the cache key, from its answer's `result`. */
const readCacheRules = (result) => {
    const rules = objectOf(result)?.rules;
    if (!Array.isArray(rules))
        return undefined;
    return rules
        .slice(0, MAX_RULES)
        .map(objectOf)
        .flatMap((rule) => (rule === undefined ? [] : (partsOf(rule) ?? [])));
};
/** Reads one zone's Cache Rules: what they put in the key, or why they could not be read. */
const fetchCacheRules = async (zoneId, get, options) => {
    const timedOut = (last) => new Error(`no answer before the timeout${last === '' ? '' : ` (last: ${last})`}`);
    let answer;
    try {
        answer = await (0,retried_get/* retriedGet */.Q)(cacheRulesPath(zoneId), get, { ...options, deadline: () => options.deadline }, timedOut);
    }
    catch (error) {
        return { state: 'unread', detail: error.message };
    }
    const { reply } = answer;
    if (reply.type === 'ok') {
        const keys = readCacheRules(reply.result);
        return keys === undefined
            ? { state: 'unread', detail: 'the answer holds no list of rules' }
            : { state: 'read', keys };
    }
    if (reply.type === 'unreachable')
        return { state: 'unread', detail: (0,verdict/* unreachable */.HB)(reply.detail) };
    if (reply.type === 'garbled')
        return { state: 'unread', detail: reply.detail };
    if (reply.status === 404)
        return { state: 'none' };
    const error = new errors/* ApiError */.hD(reply.status, reply.errors);
    const detail = (0,errors/* formatApiErrors */.TL)(reply.status, reply.errors);
    return (0,zone_lookup/* isForbidden */.US)(error) ? { state: 'refused', detail } : { state: 'unread', detail };
};

// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(54285);
;// CONCATENATED MODULE: ./src/report/doctor.ts
/**
 * What the doctor found, for the log and the job summary: one row per page that did not come
 * back as it should (page, cause, what the action did, what to do), and what the zone's Cache
 * Rules put in the cache key. Outside text (URLs, header and rule names) only in code spans.
 */



/** A page is a problem when still stale, refilled with the old version and not mended, or broken. */
const isStale = (page) => page.check.verdict === 'stale' || (page.cause?.kind === 'old' && page.did?.mended !== true);
const problems = (d) => d.pages.filter((p) => isStale(p) || p.broken.length > 0 || p.did?.mended === true);
const rulesOf = (d, page) => d.rules.find((r) => r.zoneId === page.zoneId)?.rules;
const keyed = (keys) => ({
    headers: [...new Set(keys.flatMap((k) => k.headers))],
    cookies: [...new Set(keys.flatMap((k) => k.cookies))],
    query: keys.some((k) => k.query !== undefined)
});
/** What to do about a page the purge did not cover, from what the zone's rules say. */
const uncoveredTodo = (rules, show) => {
    const every = 'or purge by tag, prefix or host, which covers every variant';
    if (rules?.state !== 'read' || rules.keys.length === 0)
        return `Purge the exact cache entry visitors get (its query string, the {"url", "headers"} variant), check that a tag purge's tag is in the page's Cache-Tag, ${every}.`;
    const { headers, cookies, query } = keyed(rules.keys);
    const parts = [
        headers.length > 0
            ? `send each URL as {"url", "headers"} with the header(s) ${headers.map(show).join(', ')} that make up the cache key, one object per variant`
            : '',
        cookies.length > 0
            ? `the cookie(s) ${cookies.map(show).join(', ')} split the key, which a URL purge cannot name`
            : '',
        query ? 'purge each query string variant by its full URL' : ''
    ].filter((p) => p !== '');
    return `${parts.join('; ')}; ${every}.`;
};
const todoOf = (d, page, show) => {
    if (page.did?.mended === true)
        return 'Nothing now. Set wait_for_url so that the purge waits for the deploy next time.';
    if (page.cause?.kind === 'not covered')
        return uncoveredTodo(rulesOf(d, page), show);
    if (page.cause?.kind === 'old')
        return 'Purge it again once the origin serves the new version; set wait_for_url so that the purge waits for the deploy.';
    if (page.broken.length > 0)
        return page.cause?.kind === 'new'
            ? 'Deploy the missing files again (or purge them, if the edge keeps an error for them).'
            : 'Purge the page again so that it points at the new files, and keep the old files a while after each deploy.';
    return 'Look at the page yourself: the check could not tell why.';
};
const causeText = (page) => {
    const parts = [];
    if (page.cause !== undefined && page.cause.kind !== 'new')
        parts.push(page.cause.detail);
    else if (page.check.verdict === 'stale')
        parts.push(page.check.detail);
    for (const b of page.broken.slice(0, 3))
        parts.push(`points at ${b.url}, which answers HTTP ${b.status}`);
    if (page.broken.length > 3)
        parts.push(`and ${page.broken.length - 3} more missing file(s)`);
    return parts.join('; ');
};
/** A page as checked: its URL, and the headers of its variant when it has some. */
const pageName = (page) => `${page.check.url}${Object.keys(page.check.headers).length === 0 ? '' : ` ${JSON.stringify(page.check.headers)}`}`;
/** The most rules, and names of one kind in a rule, one line says: a zone may have hundreds. */
const SHOWN_RULES = 5;
const SHOWN_NAMES = 8;
/** What the zone's Cache Rules say, one line for the summary. */
const rulesLine = (zoneId, rules, show) => {
    const zone = `Zone ${show(zoneId)}`;
    switch (rules.state) {
        case 'none':
            return `${zone} has no Cache Rules: its cache key is the default (the URL, query string included).`;
        case 'refused':
            return `The Cache Rules of zone ${show(zoneId)} were not read: the token lacks the permission ${CACHE_RULES_PERMISSION} (${show(rules.detail)}).`;
        case 'unread':
            return `The Cache Rules of zone ${show(zoneId)} could not be read: ${show(rules.detail)}.`;
        case 'read': {
            if (rules.keys.length === 0)
                return `The Cache Rules of zone ${show(zoneId)} leave the cache key as it is.`;
            const list = (names) => [
                ...names.slice(0, SHOWN_NAMES).map(show),
                ...(names.length > SHOWN_NAMES ? [`and ${names.length - SHOWN_NAMES} more`] : [])
            ].join(', ');
            const each = rules.keys.slice(0, SHOWN_RULES).map((k) => {
                const parts = [
                    k.headers.length > 0 ? `header(s) ${list(k.headers)}` : '',
                    k.cookies.length > 0 ? `cookie(s) ${list(k.cookies)}` : '',
                    k.query === undefined
                        ? ''
                        : 'only' in k.query
                            ? `only the query parameter(s) ${list(k.query.only) || '(none)'}`
                            : `every query parameter but ${list(k.query.except)}`
                ].filter((p) => p !== '');
                return `${show(k.rule)} puts ${parts.join(', ')} in the key`;
            });
            const more = rules.keys.length - each.length;
            if (more > 0)
                each.push(`and ${more} more rule(s)`);
            return `The Cache Rules of zone ${show(zoneId)}: ${each.join('; ')}. A URL purge must carry the headers as {"url", "headers"} objects; a tag, prefix or host purge covers every variant.`;
        }
    }
};
/** The section: a row per page that needs a word, and what each zone's Cache Rules say. */
const doctorSection = (d) => {
    const shown = problems(d);
    if (shown.length === 0 && d.rules.length === 0)
        return undefined;
    const rows = shown.map((page) => ({
        text: (0,markdown/* tableRow */.jD)([
            (0,markdown/* cell */.Hn)(pageName(page)),
            (0,markdown/* cell */.Hn)(causeText(page)),
            page.did === undefined ? 'nothing' : (0,markdown/* cell */.Hn)(page.did.text),
            todoOf(d, page, markdown/* cell */.Hn)
        ]),
        rank: isStale(page) || page.broken.length > 0 ? 'unpurged' : 'check'
    }));
    const notes = d.rules.map((r) => rulesLine(r.zoneId, r.rules, markdown/* code */.aY));
    if (d.assetsUnchecked > 0)
        notes.push(`${d.assetsUnchecked} referenced file(s) were not requested (at most 100 a run, within the timeout).`);
    return {
        heading: 'Why pages are not fresh',
        body: shown.length === 0
            ? 'Every checked page came back fresh.'
            : `${shown.length} page(s) needed a closer look.`,
        ...(shown.length === 0
            ? {}
            : {
                rows: {
                    head: (0,markdown/* tableHead */.PP)(['Page', 'Cause', 'What the action did', 'What to do']),
                    rows,
                    noun: 'page(s)',
                    where: 'the log'
                }
            }),
        ...(notes.length === 0 ? {} : { after: notes.join('\n\n') })
    };
};
/** One line per page that needs a word, for the log: every outside character escaped. */
const doctorLines = (d) => problems(d).map((page) => `${(0,src_text/* escapeLine */.EH)(pageName(page), 400)}: ${(0,src_text/* escapeLine */.EH)(causeText(page), 600)}. Done: ${(0,src_text/* escapeLine */.EH)(page.did?.text ?? 'nothing', 400)}. To do: ${(0,src_text/* escapeLine */.EH)(todoOf(d, page, (t) => (0,src_text/* quote */.hD)(t, 60)), 600)}`);
/** What each zone's Cache Rules say, for the log: a refusal is one line naming the permission. */
const rulesLogLines = (d) => d.rules.map(({ zoneId, rules }) => rulesLine(zoneId, rules, (t) => (0,src_text/* quote */.hD)(t, 100)));

;// CONCATENATED MODULE: ./src/report/verify.ts





const SHOWN = 10;
/** Why a stale page is stale, in a few words: the doctor's cause, else what the check saw. */
const why = (page) => page.cause !== undefined && page.cause.kind !== 'new' ? page.cause.detail : page.check.detail;
const brokenLine = (page) => `${pageName(page)} points at ${page.broken
    .slice(0, 3)
    .map((b) => `${b.url} (HTTP ${b.status})`)
    .join(', ')}${page.broken.length > 3 ? ` and ${page.broken.length - 3} more` : ''}`;
/** A row of the table of checks: URL, status, age, verdict, and how long browsers keep it. */
const checkRow = (c, browsers) => (0,markdown/* tableRow */.jD)([
    `${(0,markdown/* cell */.Hn)(c.url)}${Object.keys(c.headers).length === 0 ? '' : ` ${(0,markdown/* cell */.Hn)(JSON.stringify(c.headers))}`}`,
    c.status === '' ? '' : (0,markdown/* cell */.Hn)(c.status),
    c.age === undefined ? '' : `${c.age} s`,
    `${c.verdict === 'stale' ? '❌ ' : ''}${c.verdict}: ${(0,markdown/* cell */.Hn)(c.detail)}${c.attempts > 1 ? ` (${c.attempts} looks)` : ''}`,
    ...(browsers ? [c.page === undefined ? '' : (0,markdown/* escape */.ih)(describeLife(c.page.browser))] : [])
]);
/** A warning per stale or broken page: URLs read from fetched HTML, one line each, bounded. */
const warningsOf = (stale, broken) => [
    ...stale.map((p) => (0,src_text/* escapeLine */.EH)(`${pageName(p)} is still stale at the edge: ${why(p)}.`, 2000)),
    ...broken.map((p) => (0,src_text/* escapeLine */.EH)(`${brokenLine(p)}: the page is broken.`, 2000))
];
const escapeOrNot = (text) => text === undefined ? undefined : (0,src_text/* escapeLine */.EH)(text, 4000);
/** The failure with `verify: fail`: the stale pages and why, the broken ones and what is missing. */
const failureOf = (stale, broken) => {
    const parts = [];
    if (stale.length > 0) {
        const names = stale.slice(0, SHOWN).map((p) => p.check.url);
        const more = stale.length > SHOWN ? ` and ${stale.length - SHOWN} more` : '';
        const whys = stale.slice(0, 3).map((p) => `${p.check.url}: ${why(p)}`);
        parts.push(`${stale.length} URL(s) still stale at the edge after the purge: ${names.join(', ')}${more}. Why: ${whys.join('; ')}${stale.length > 3 ? '; ...' : ''} (the job summary says what to do).`);
    }
    if (broken.length > 0)
        parts.push(`${broken.length} page(s) point at files that no longer exist: ${broken.slice(0, 3).map(brokenLine).join('; ')}${broken.length > 3 ? '; ...' : ''}.`);
    return parts.length === 0 ? undefined : parts.join(' ');
};
/** Each page as the doctor left it; without a diagnosis, the checks as they came. */
const pagesOf = (checks, d) => d?.pages ??
    checks.map((check) => ({
        item: { item: check.url, purgedAt: 0 },
        check,
        zoneId: undefined,
        cause: undefined,
        broken: []
    }));
/** What the checks of the edge say, for the log, the outputs and the job summary. */
const reportVerify = (first, mode, diagnosis) => {
    const pages = pagesOf(first, diagnosis);
    const checks = pages.map((p) => p.check);
    const counts = tally(checks);
    const stale = pages.filter(isStale);
    const broken = pages.filter((p) => p.broken.length > 0);
    const line = `Checked ${checks.length} URL(s) at the edge: ${Object.entries(counts)
        .map(([verdict, n]) => `${n} ${verdict}`)
        .join(', ') || 'none'}.`;
    const browsers = checks.some((c) => c.page !== undefined);
    // A stale URL is what did not take: it stays when the summary must be cut, the others go first.
    const rows = checks.map((c) => ({
        text: checkRow(c, browsers),
        rank: c.verdict === 'stale' ? 'unpurged' : 'check'
    }));
    const section = {
        heading: 'Checked at the edge',
        body: line,
        rows: {
            head: (0,markdown/* tableHead */.PP)([
                'URL',
                'CF-Cache-Status',
                '>Age',
                'Verdict',
                ...(browsers ? ['Browsers keep it'] : [])
            ]),
            rows,
            noun: 'URL(s)',
            where: 'the log'
        },
        after: `The check fetched each URL through Cloudflare, so it also cached what the origin serves now.${browsers ? " No purge reaches a browser: one that has the page keeps it as long as the last column says (the zone's Browser Cache TTL is already in what the edge sends)." : ''}`
    };
    // Pages the extra round purged again and found fresh: counted in their verdict, and here.
    const mended = pages.filter((p) => p.did?.mended === true).length;
    return {
        verified: JSON.stringify(mended > 0 ? { ...counts, mended } : counts),
        section,
        line,
        lines: checks.map((c) => `${c.verdict}: ${(0,src_text/* escapeLine */.EH)(c.url)}${Object.keys(c.headers).length === 0 ? '' : ` ${(0,src_text/* escapeLine */.EH)(JSON.stringify(c.headers), 400)}`}${c.status === '' ? '' : ` (${(0,src_text/* escapeLine */.EH)(c.status, 40)})`}: ${(0,src_text/* escapeLine */.EH)(c.detail, 300)}${c.page === undefined ? '' : `; in browsers: ${describeLife(c.page.browser)}`}`),
        warnings: mode === 'warn' ? warningsOf(stale, broken) : [],
        failure: mode === 'fail' ? escapeOrNot(failureOf(stale, broken)) : undefined
    };
};

// EXTERNAL MODULE: ./src/engine/workers.ts
var engine_workers = __webpack_require__(75501);
// EXTERNAL MODULE: ./src/http.ts
var http = __webpack_require__(76803);
;// CONCATENATED MODULE: ./src/edge/doctor.ts
/**
 * Why a page is still stale after the purge, from what the check saw: cached before the purge
 * (the purge did not cover that cache entry), refilled since with the old version (the page lacks
 * the new version's marker, which the origin serves now), refilled with the new one, or could not
 * tell, said so and never guessed. Also the two looks that tell them apart or show a page broken:
 * the page as the origin serves it now (through the edge, under a query no cache has seen), and
 * each asset an HTML page references. Every request bounded in time and body. Loaded with `verify`.
 */






/**
 * The cause a check shows on its own (a suspect when only the origin can tell), or undefined
 * when there is nothing to explain (not cached, not through Cloudflare, not checked, nothing to
 * tell the version by).
 */
const causeOf = (check, purgedAt, marker) => {
    if (check.verdict === 'stale') {
        // A HIT is stale only when its Age reaches before the purge; STALE and UPDATING are dated here.
        const age = check.age;
        const reaches = age !== undefined &&
            (check.status === 'HIT' || Date.now() - age * 1000 < purgedAt - SKEW_S * 1000);
        return reaches
            ? {
                kind: 'not covered',
                detail: `cached ${age} s ago, before the purge: the purge did not cover this cache entry`
            }
            : {
                kind: 'unknown',
                detail: `served stale (${check.status}) with no Age that dates it: cannot tell whether the purge covered it`
            };
    }
    if (!['purged', 'refilled', 'revalidating'].includes(check.verdict))
        return undefined;
    if (marker === undefined || check.page?.marked === undefined)
        return undefined;
    if (check.page.marked)
        return {
            kind: 'new',
            detail: `refilled with the new version (shows ${(0,src_text/* quote */.hD)(marker.text, 60)})`
        };
    return { suspect: `the copy at the edge lacks ${(0,src_text/* quote */.hD)(marker.text, 60)}` };
};
/**
 * Asks for the page as the origin serves it now: its URL with the gate's cache-busting
 * parameter (a cache entry no visitor has), `Cache-Control: no-cache`, the page's own headers.
 * A redirect is not followed: it says nothing of the version.
 */
const lookAtOrigin = async (url, headers, marker, options) => {
    const { address, extra } = (0,fetch/* edgeTarget */.hC)((0,needle/* bustedUrl */.Bx)(url, options.bust), options.edge);
    try {
        const answer = await (0,http/* httpCall */.b3)(address, {
            headers: (0,fetch/* edgeHeaders */.S1)({ ...headers, 'cache-control': 'no-cache' }, extra, options.userAgent),
            timeoutMs: options.timeoutMs,
            read: { upTo: fetch/* PAGE_LIMIT */.Wt }
        });
        if (answer.status < 200 || answer.status >= 300)
            return { marked: undefined, detail: `the origin's copy answered HTTP ${answer.status}` };
        let marked = (0,needle/* shows */.L7)(new TextDecoder().decode(answer.body), marker);
        answer.headers.forEach((value) => (marked ||= (0,needle/* shows */.L7)(value, marker)));
        return { marked, detail: '' };
    }
    catch (error) {
        return {
            marked: undefined,
            detail: `the origin's copy could not be had (${(0,src_text/* flattenLine */.F3)(error.message, 100)})`
        };
    }
};
/** What a suspect is, once the origin was asked. */
const judgeSuspect = (suspect, look, marker) => {
    if (look.marked === true)
        return {
            kind: 'old',
            detail: `refilled after the purge with the old version: ${suspect.suspect}, which the origin serves now`
        };
    if (look.marked === false)
        return {
            kind: 'unknown',
            detail: `neither the edge's copy nor the origin's shows ${(0,src_text/* quote */.hD)(marker.text, 60)}: the page may not show it, or the origin is not updated yet`
        };
    return { kind: 'unknown', detail: `${suspect.suspect}, and ${look.detail}` };
};
/** Whether an asset's answer means it no longer exists (or cannot be served). */
const isBroken = (status) => status === 404 || status === 410 || status >= 500;
/**
 * Requests each asset once through the edge (headers only), `inFlight` at a time, until the
 * deadline: the status of each that answered. One that gave no answer is left out, never broken.
 */
const statusOfAssets = async (urls, options) => {
    const statuses = new Map();
    let next = 0;
    const workers = new engine_workers/* Workers */.G(() => urls[next++], async (url) => {
        const timeoutMs = Math.min(options.timeoutMs, options.deadline());
        if (timeoutMs <= 0)
            return;
        const { address, extra } = (0,fetch/* edgeTarget */.hC)(url, options.edge);
        try {
            const answer = await (0,http/* httpCall */.b3)(address, {
                headers: (0,fetch/* edgeHeaders */.S1)({}, extra, options.userAgent),
                timeoutMs,
                read: 'headers'
            });
            statuses.set(url, answer.status);
        }
        catch {
            // No answer says nothing of the asset.
        }
    }, () => options.deadline() <= 0);
    await workers.run(Math.min(4, urls.length));
    return statuses;
};

// EXTERNAL MODULE: ./src/plan/routing.ts
var routing = __webpack_require__(98709);
// EXTERNAL MODULE: ./src/steps/purge.ts + 14 modules
var purge = __webpack_require__(7806);
// EXTERNAL MODULE: ./src/steps/stage.ts
var stage = __webpack_require__(57389);
;// CONCATENATED MODULE: ./src/steps/doctor.ts
/**
 * After the check of the edge: why each page that did not come back as it should did not, and
 * what can be mended. A page refilled during the purge with the old version is purged once more,
 * now that the origin is seen serving the new one, and checked again (one extra round at most);
 * a page the purge did not cover is explained from the zone's Cache Rules; every HTML page's
 * same-site assets are requested, so that one pointing at a deleted file is named. Loaded with
 * the verify stage; never in a dry run.
 */







/** Pages whose origin copy is asked for, and assets requested, in one run. */
const ORIGIN_LOOKS = 20;
const ASSETS_PER_RUN = 100;
/** The longest one request of the doctor may take. */
const REQUEST_MS = 10_000;
const timeLeft = (env) => (0,stage/* deadlineOf */.G0)(env.state) - env.run.clock.now();
/** The zone a page is in: the run's one seen zone, else the one its host is in. */
const zoneOfPage = (url, zones) => {
    if (zones.length === 1)
        return zones[0].id;
    const index = (0,routing/* zoneFor */.wy)(new URL(url).hostname, zones.map((z) => z.name));
    return index === undefined ? undefined : zones[index].id;
};
/** Asks the origin for each suspect's page, a few at a time: the cause each look shows. */
const lookAtAll = async (suspects, env, marker) => {
    let next = 0;
    const bust = `${Date.now().toString(36)}-doctor`;
    await new engine_workers/* Workers */.G(() => suspects[next++], async ({ page, suspect }) => {
        const timeoutMs = Math.min(REQUEST_MS, timeLeft(env));
        const look = timeoutMs <= 0
            ? { marked: undefined, detail: 'the timeout ran out before the origin was asked' }
            : await lookAtOrigin(page.check.url, page.check.headers, marker, {
                userAgent: env.run.userAgent,
                edge: env.edge,
                timeoutMs,
                bust
            });
        page.cause = judgeSuspect(suspect, look, marker);
    }, () => false).run(Math.min(4, suspects.length));
};
/**
 * The origin is asked only where it can tell: every suspect when some page showed the marker
 * (pages do show it), else one first, and the rest only if that one's origin copy shows it.
 */
const askOrigin = async (suspects, env, marker, someShowIt) => {
    const looked = suspects.slice(0, ORIGIN_LOOKS);
    for (const { page } of suspects.slice(ORIGIN_LOOKS))
        page.cause = {
            kind: 'unknown',
            detail: `lacks ${(0,src_text/* quote */.hD)(marker.text, 60)}, and was not asked of the origin (at most ${ORIGIN_LOOKS} pages a run)`
        };
    if (someShowIt)
        return lookAtAll(looked, env, marker);
    await lookAtAll(looked.slice(0, 1), env, marker);
    const probe = looked[0].page;
    if (probe.cause?.kind === 'old')
        return lookAtAll(looked.slice(1), env, marker);
    for (const { page } of looked.slice(1))
        page.cause = {
            kind: 'unknown',
            detail: `lacks ${(0,src_text/* quote */.hD)(marker.text, 60)}, as does the origin's copy of ${probe.check.url}: the pages may not show it`
        };
};
/** Each page's cause from its check, then from the origin for those lacking the marker. */
const findCauses = async (pages, env) => {
    const suspects = [];
    for (const page of pages) {
        const found = causeOf(page.check, page.item.purgedAt, env.marker);
        if (found !== undefined && 'suspect' in found)
            suspects.push({ page, suspect: found });
        else
            page.cause = found;
    }
    const someShowIt = pages.some((p) => p.cause?.kind === 'new');
    if (suspects.length > 0 && env.marker !== undefined)
        await askOrigin(suspects, env, env.marker, someShowIt);
};
/** The plan of the extra round: only these URLs, in the zones whose purge the edge shows. */
const roundPlan = (plan, purged, items) => ({
    ...plan,
    zones: purged.zones.map((z) => ({ by: 'id', given: z.zone.given, id: z.id })),
    // Production is purged through the zone's own endpoint: what the edge shows.
    environments: [],
    kinds: [{ kind: 'files', items: items.map((i) => i.item), duplicates: 0 }]
});
/**
 * The race, mended: pages refilled with the old version while the origin now serves the new one
 * are purged once more, through the run's pacer rules and within `timeout`, then checked again.
 * One round at most; never in a dry run.
 */
const mendRace = async (pages, env) => {
    const old = pages.filter((p) => p.cause?.kind === 'old');
    const { state, run, inputs } = env;
    if (old.length === 0 || inputs.dryRun || state.plan === undefined || state.purged === undefined)
        return;
    const said = `Purging ${(0,src_text/* count */.U9)(old.length)} page(s) again: refilled with the old version during the purge, and the origin serves the new one now`;
    const { report, purged } = await run.log.group(said, () => (0,purge/* purge */.OU)(roundPlan(state.plan, state.purged, old.map((p) => p.item)), inputs, run, state.budgetFrom));
    if (report.failure !== undefined) {
        for (const page of old)
            page.did = { text: `purged again, but refused: ${report.failure}`, mended: false };
        return;
    }
    const again = purged.urls;
    const checks = await env.recheck(again);
    const byKey = new Map(checks.map((c) => [JSON.stringify([c.url, c.headers]), c]));
    for (const page of old) {
        const check = byKey.get(JSON.stringify([page.check.url, page.check.headers]));
        if (check === undefined) {
            page.did = { text: 'purged again, but the purge did not accept it', mended: false };
            continue;
        }
        const fresh = check.page?.marked === true;
        page.check = check;
        page.did = fresh
            ? { text: 'purged again once the origin served the new version: fresh now', mended: true }
            : {
                text: `purged again, and still without the new version (${check.verdict})`,
                mended: false
            };
    }
};
/** Each HTML page's same-site assets, each requested once through the edge: 404, 410, 5xx are broken. */
const checkAssets = async (pages, env) => {
    const all = [...new Set(pages.flatMap((p) => p.check.page?.assets ?? []))];
    const asked = all.slice(0, ASSETS_PER_RUN);
    if (asked.length === 0)
        return 0;
    const statuses = await env.run.log.group(`Requesting ${(0,src_text/* count */.U9)(asked.length)} asset(s) the checked pages reference`, () => statusOfAssets(asked, {
        userAgent: env.run.userAgent,
        edge: env.edge,
        deadline: () => timeLeft(env),
        timeoutMs: REQUEST_MS
    }));
    for (const page of pages)
        page.broken = (page.check.page?.assets ?? []).flatMap((url) => {
            const status = statuses.get(url);
            return status !== undefined && isBroken(status) ? [{ url, status }] : [];
        });
    return all.length - statuses.size;
};
/** The Cache Rules of each zone a page the purge did not cover is in, read once per zone. */
const readRules = async (pages, env) => {
    const zones = [
        ...new Set(pages.flatMap((p) => p.cause?.kind === 'not covered' && p.zoneId !== undefined ? [p.zoneId] : []))
    ];
    if (zones.length === 0)
        return [];
    const api = (0,purge/* apiOf */.ir)(env.inputs, env.run, env.state.budgetFrom);
    const options = {
        clock: env.run.clock,
        backoff: api.lookup.backoff,
        deadline: (0,stage/* deadlineOf */.G0)(env.state),
        limit: () => Math.max(1, Math.min(REQUEST_MS, timeLeft(env)))
    };
    return env.run.log.group(`Reading the Cache Rules (GET ${cacheRulesPath('{zone_id}')})`, () => Promise.all(zones.map(async (zoneId) => ({
        zoneId,
        rules: await fetchCacheRules(zoneId, api.get, options)
    }))));
};
/** Why each checked page is as the check found it, what was mended, and what the zone says. */
const diagnose = async (items, checks, env) => {
    const zones = env.state.purged?.zones ?? [];
    const pages = checks.map((check, i) => ({
        item: items[i],
        check,
        zoneId: zoneOfPage(check.url, zones),
        cause: undefined,
        broken: []
    }));
    await findCauses(pages, env);
    await mendRace(pages, env);
    const assetsUnchecked = await checkAssets(pages, env);
    const rules = await readRules(pages, env);
    return { pages, rules, assetsUnchecked };
};

;// CONCATENATED MODULE: ./src/steps/verify.ts
/**
 * After a purge: asks the edge whether it took, and why not where it did not (doctor.ts). This
 * module and what it imports load only when `verify` is on.
 */











const TITLE = { title: 'Cloudflare purge' };
/** Whether an asset's host is the page's own or one of the run's zones': requested through the edge. */
const sameSite = (state) => (page) => (url) => url.host === page.host ||
    (state.purged?.zones ?? []).some((z) => z.name !== undefined && (url.hostname === z.name || url.hostname.endsWith(`.${z.name}`)));
/** Checks the pages through the edge, reading what each shows; `items` again for an extra round. */
const checker = (state, run) => {
    const marker = (0,needle/* markerOf */.we)(state.inputs.gate, run.ctx.sha);
    const inspect = inspector(marker, sameSite(state), assetsOf);
    const fetchEdge = (0,fetch/* fetchThroughEdge */.jj)(run.userAgent, process.env[fetch/* EDGE_OVERRIDE */.xw], inspect);
    const check = (items) => verify(items, {
        mode: state.inputs.mode,
        deadline: (0,stage/* deadlineOf */.G0)(state),
        clock: run.clock,
        fetchEdge
    });
    return { marker, check };
};
/** What the checks and the doctor add to the report: a section, outputs, the failure. */
const amendmentOf = async (checks, d, inputs, run) => {
    const { log } = run;
    const result = reportVerify(checks, inputs.verify.mode, d);
    log.info(result.line);
    // Every check in the log: the summary may have to leave some out to stay under GitHub's limit.
    await log.group(`Each URL checked at the edge (${checks.length})`, async () => {
        for (const line of result.lines)
            log.info(line);
    });
    for (const line of [...doctorLines(d), ...rulesLogLines(d)])
        log.info(line);
    for (const warning of result.warnings)
        log.warning(warning, { title: 'Stale at the edge', shown: true });
    const doctor = doctorSection(d);
    const section = doctor === undefined ? result.section : { ...result.section, sections: [doctor] };
    const stale = d.pages.some(isStale);
    const what = stale ? 'Stale at the edge' : 'Broken at the edge';
    return {
        section,
        outputs: { verified: result.verified },
        ...(result.failure === undefined
            ? {}
            : { failure: { message: result.failure, title: what, titled: what.toLowerCase() } })
    };
};
/**
 * Checks every URL `verify_urls` names, then a sample of the purged ones spread evenly over them;
 * says why any is not fresh, mends what can be mended, and returns what goes into the report.
 */
const checkEdge = async (candidates, state, run) => {
    const { log } = run;
    const chosen = [...candidates.named, ...spread(candidates.purged, inputs_verify/* VERIFY_SAMPLE */.z8)];
    if (chosen.length === 0) {
        log.notice('verify is on, but nothing names a URL to check: list some in verify_urls after a tag, host, prefix or everything purge.', TITLE);
        return { amendment: undefined, fetched: new Set() };
    }
    const { marker, check } = checker(state, run);
    const checks = await log.group(`Checking ${chosen.length} URL(s) at the edge`, () => check(chosen));
    const diagnosis = await diagnose(chosen, checks, {
        inputs: state.inputs,
        run,
        state,
        marker,
        edge: process.env[fetch/* EDGE_OVERRIDE */.xw],
        recheck: (items) => log.group(`Checking ${items.length} URL(s) again`, () => check(items))
    });
    const amendment = await amendmentOf(checks, diagnosis, state.inputs, run);
    // A check that got an answer fetched the page: warming need not fetch it again.
    const fetched = new Set(checks
        .filter((c) => c.status !== '' || c.verdict !== 'could not check')
        .map((c) => (0,warm/* edgeKey */.B5)(c.url, c.headers)));
    return { amendment, fetched };
};
/** Why the edge is not checked after this purge, or undefined when it is. */
const notChecked = (state) => {
    const { purged } = state;
    if (state.inputs.dryRun || purged === undefined)
        return { why: '', loud: false };
    if (!purged.seen)
        return {
            why: 'Not checking the edge: it answers visitors from the production environment, so what it serves says nothing of the environments purged here.',
            // With verify: fail the step promised a check it cannot make: said louder than a notice.
            loud: state.inputs.verify.mode === 'fail'
        };
    if ((0,stage/* failing */.Jr)(state))
        return { why: 'Not checking the edge: the purge itself did not succeed.', loud: false };
    return undefined;
};
const verifyStage = async (run, state) => {
    const skip = notChecked(state);
    if (skip !== undefined) {
        if (skip.why !== '' && skip.loud)
            run.log.warning(skip.why, TITLE);
        else if (skip.why !== '' && !state.purged.seen)
            run.log.notice(skip.why, TITLE);
        else if (skip.why !== '')
            run.log.info(skip.why);
        return state;
    }
    const purged = state.purged;
    const named = state.inputs.verify.urls.map((item) => ({
        item,
        purgedAt: purged.otherAt ?? Date.now()
    }));
    const checked = await checkEdge({ named, purged: purged.urls }, state, run);
    return {
        ...state,
        amendments: checked.amendment === undefined ? state.amendments : [...state.amendments, checked.amendment],
        fetched: checked.fetched
    };
};


/***/ })

};
