export const id = 32;
export const ids = [32];
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

/***/ 67032:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  warmStage: () => (/* binding */ warmStage),
  warmStageWith: () => (/* binding */ warmStageWith)
});

// EXTERNAL MODULE: ./src/edge/warm.ts
var warm = __webpack_require__(16600);
// EXTERNAL MODULE: ./src/inputs/warm.ts
var inputs_warm = __webpack_require__(29756);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(48992);
// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(54285);
;// CONCATENATED MODULE: ./src/report/warm.ts


const SLOWEST = 5;
const WARNED = 20;
const CLASSES = ['2xx', '3xx', '4xx', '5xx'];
const statusClass = (status) => {
    const name = `${Math.floor(status / 100)}xx`;
    return CLASSES.includes(name) ? name : 'other';
};
const newWarmTally = () => ({
    fetched: 0,
    failed: 0,
    status: {},
    cache: {},
    slowest: [],
    cold: [],
    coldCount: 0
});
const bump = (counts, key) => {
    counts[key] = (counts[key] ?? 0) + 1;
};
/** Adds one answer to the tally (WarmOptions.onWarmed). */
const tallyWarmed = (tally, w) => {
    if (w.status === undefined)
        tally.failed++;
    else {
        tally.fetched++;
        bump(tally.status, statusClass(w.status));
        bump(tally.cache, w.cache);
    }
    const { slowest } = tally;
    const at = slowest.findIndex((s) => s.ms < w.ms);
    if (at >= 0 || slowest.length < SLOWEST) {
        slowest.splice(at < 0 ? slowest.length : at, 0, w);
        slowest.length = Math.min(slowest.length, SLOWEST);
    }
    if (cold(w) && tally.coldCount++ < WARNED)
        tally.cold.push(w);
};
const label = (w) => Object.keys(w.headers).length === 0 ? w.url : `${w.url} ${JSON.stringify(w.headers)}`;
const answer = (w) => w.status === undefined ? `failed (${w.error ?? 'unknown error'})` : `HTTP ${w.status}`;
const cold = (w) => w.status === undefined || w.status >= 400;
const listed = (counts) => Object.entries(counts)
    .map(([k, n]) => `${(0,src_text/* count */.U9)(n)} × ${k}`)
    .join(', ');
/** The answers one at a time: URL, answer, cache status, time. */
const urlTable = (rows) => (0,markdown/* table */.tp)(['URL', 'Answer', 'CF-Cache-Status', '>Time'], rows.map((w) => [
    (0,markdown/* cell */.Hn)(label(w)),
    w.status === undefined ? `failed: ${(0,markdown/* cell */.Hn)(w.error ?? '')}` : `HTTP ${w.status}`,
    w.status === undefined ? '' : (0,markdown/* cell */.Hn)(w.cache),
    `${(0,src_text/* count */.U9)(Math.round(w.ms))} ms`
]));
/** The section: what was requested, the counts, the slowest URLs and those that did not warm. */
const warmSection = (tally, run, skips, concurrency, ordered) => {
    const { cache, failed, slowest, cold } = tally;
    const countRows = [
        ...Object.entries(ordered).map(([k, n]) => [`HTTP ${k}`, (0,src_text/* count */.U9)(n)]),
        ...Object.entries(cache).map(([k, n]) => [`CF-Cache-Status ${(0,markdown/* cell */.Hn)(k)}`, (0,src_text/* count */.U9)(n)]),
        ...(failed > 0 ? [['failed', (0,src_text/* count */.U9)(failed)]] : []),
        ...(skips.skipped > 0 ? [['fetched by verify already', (0,src_text/* count */.U9)(skips.skipped)]] : []),
        ...(skips.overLimit > 0 ? [['over the `warm` limit', (0,src_text/* count */.U9)(skips.overLimit)]] : []),
        ...(run.outOfTime > 0 ? [['not reached before the timeout', (0,src_text/* count */.U9)(run.outOfTime)]] : [])
    ];
    return [
        `Requested ${(0,src_text/* count */.U9)(run.requested)} purged URL(s) through Cloudflare, ${concurrency} at a time, in ${(0,src_text/* seconds */.YA)(run.ms)} s. This fills the cache of the data centre nearest the runner (and the upper tier with Tiered Cache); visitors elsewhere fill their own.`,
        (0,markdown/* table */.tp)(['What', '>URLs'], countRows),
        ...(slowest.length > 0 ? [`Slowest:\n\n${urlTable(slowest)}`] : []),
        ...(cold.length > 0
            ? [
                `Not warmed${tally.coldCount > WARNED ? ` (the first ${WARNED} of ${(0,src_text/* count */.U9)(tally.coldCount)})` : ''}:\n\n${urlTable(cold)}`
            ]
            : [])
    ].join('\n\n');
};
/** The counts, the slowest URLs and those that did not warm. */
const reportWarm = (tally, run, skips, concurrency) => {
    const { status, cache, failed, slowest } = tally;
    const ordered = Object.fromEntries([...CLASSES, 'other'].filter((c) => status[c] !== undefined).map((c) => [c, status[c]]));
    const counts = {
        fetched: tally.fetched,
        failed,
        skipped: skips.skipped,
        over_limit: skips.overLimit,
        out_of_time: run.outOfTime,
        status: ordered,
        cache
    };
    const left = [
        skips.skipped > 0 ? `${(0,src_text/* count */.U9)(skips.skipped)} fetched by verify already` : '',
        skips.overLimit > 0 ? `${(0,src_text/* count */.U9)(skips.overLimit)} over the warm limit` : '',
        run.outOfTime > 0 ? `${(0,src_text/* count */.U9)(run.outOfTime)} left when the timeout ran out` : ''
    ].filter((s) => s !== '');
    const line = `Warmed ${(0,src_text/* count */.U9)(tally.fetched)} URL(s) through Cloudflare in ${(0,src_text/* seconds */.YA)(run.ms)} s` +
        `${tally.fetched > 0 ? `: HTTP ${listed(ordered)}; CF-Cache-Status ${listed(cache)}` : ''}` +
        `${failed > 0 ? `; ${(0,src_text/* count */.U9)(failed)} failed` : ''}${left.length > 0 ? `; not fetched: ${left.join(', ')}` : ''}.`;
    const slow = slowest
        .slice(0, 3)
        .map((w) => `${label(w)} (${(0,src_text/* count */.U9)(Math.round(w.ms))} ms)`)
        .join(', ');
    const warnings = tally.cold.map((w) => `Not warmed: ${label(w)}: ${answer(w)}.`);
    if (tally.coldCount > WARNED)
        warnings.push(`... and ${(0,src_text/* count */.U9)(tally.coldCount - WARNED)} more URL(s) not warmed (job summary).`);
    return {
        warmed: JSON.stringify(counts),
        line,
        slowest: slow === '' ? undefined : `Slowest: ${slow}.`,
        warnings,
        section: {
            heading: 'Warmed the cache',
            body: warmSection(tally, run, skips, concurrency, ordered)
        }
    };
};

// EXTERNAL MODULE: ./src/steps/stage.ts
var stage = __webpack_require__(57389);
;// CONCATENATED MODULE: ./src/steps/warm.ts
/**
 * After a successful purge (and after `verify`): requests each purged URL once through
 * Cloudflare, so that the first visitors find it cached. Never fails the step. This module and
 * what it imports load only when `warm` is on.
 */






const TITLE = { title: 'Cloudflare purge' };
/** Why nothing is warmed after this purge, in words for the log; undefined when it is. */
const notWarmed = (state) => {
    if ((0,stage/* failing */.Jr)(state))
        return { why: 'Not warming the cache: the step did not succeed.', level: 'info' };
    if (state.unseenDeploy === true)
        return {
            why: 'Not warming the cache: the deploy was never seen live (wait_on_timeout: purge), so warming could cache the old version again.',
            level: 'notice'
        };
    if (state.purged?.seen === false)
        return {
            why: 'Not warming the cache: the edge answers visitors from the production environment, and only other environments were purged.',
            level: 'notice'
        };
    return undefined;
};
/** Warms what was purged (but what verify fetched), and says what it found. */
const warm_warm = async (run, state, urls, fetchEdge) => {
    const limit = state.inputs.warm.limit;
    const rest = urls.filter((item) => {
        const { url, headers } = (0,warm/* urlAndHeaders */.$)(item);
        return !(state.fetched?.has((0,warm/* edgeKey */.B5)(url, headers)) ?? false);
    });
    const chosen = rest.slice(0, limit);
    const tally = newWarmTally();
    const done = chosen.length === 0
        ? { requested: 0, outOfTime: 0, ms: 0 }
        : await run.log.group(`Warming ${(0,src_text/* count */.U9)(chosen.length)} URL(s) through Cloudflare, ${inputs_warm/* WARM_CONCURRENCY */.au} at a time`, () => (0,warm/* warmAll */.zK)(chosen, {
            clock: run.clock,
            deadline: (0,stage/* deadlineOf */.G0)(state),
            concurrency: inputs_warm/* WARM_CONCURRENCY */.au,
            requestTimeoutMs: state.inputs.requestTimeoutMs,
            // Counts and the few slowest, never every answer: 100,000 URLs stay in memory bounds.
            onWarmed: (warmed) => tallyWarmed(tally, warmed),
            fetchEdge
        }));
    const skips = { skipped: urls.length - rest.length, overLimit: rest.length - chosen.length };
    const result = reportWarm(tally, done, skips, inputs_warm/* WARM_CONCURRENCY */.au);
    run.log.info(result.line);
    if (result.slowest !== undefined)
        run.log.info(result.slowest);
    for (const warning of result.warnings)
        run.log.warning(warning, { title: 'Not warmed', shown: true });
    return { section: result.section, outputs: { warmed: result.warmed } };
};
/** The warming stage, fetching through `fetchEdge` (the edge by default). */
const warmStageWith = (fetchEdge) => async (run, state) => {
    const urls = (state.purged?.urls ?? []).map((u) => u.item);
    if (state.inputs.dryRun) {
        const planned = state.plan?.kinds.find((k) => k.kind === 'files')?.items.length ?? 0;
        run.log.info(`Dry run: would warm ${(0,src_text/* count */.U9)(Math.min(planned, state.inputs.warm.limit))} URL(s) through Cloudflare after the purge.`);
        return state;
    }
    const skip = notWarmed(state) ??
        (urls.length === 0
            ? {
                why: 'warm is on, but the purge named no URL to warm: a tag, host, prefix or everything purge lists none (list them in urls, or use sitemap).',
                level: 'notice'
            }
            : undefined);
    if (skip !== undefined) {
        if (skip.level === 'info') {
            run.log.info(skip.why);
            return state;
        }
        // Said in the summary too: `warmed: {}` alone reads the same as warming off.
        run.log.notice(skip.why, TITLE);
        const section = { heading: 'Not warmed', body: (0,markdown/* escape */.ih)(skip.why) };
        return { ...state, amendments: [...state.amendments, { section }] };
    }
    const amendment = await warm_warm(run, state, urls, fetchEdge ?? (0,warm/* warmThroughEdge */.ug)(run.userAgent));
    return { ...state, amendments: [...state.amendments, amendment] };
};
const warmStage = warmStageWith();


/***/ })

};
