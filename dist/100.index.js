export const id = 100;
export const ids = [100];
export const modules = {

/***/ 997:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hC: () => (/* binding */ edgeTarget),
/* harmony export */   jj: () => (/* binding */ fetchThroughEdge),
/* harmony export */   xw: () => (/* binding */ EDGE_OVERRIDE)
/* harmony export */ });
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8992);
/**
 * Fetches a URL through Cloudflare's edge for verification, reading only the headers. For tests
 * and the demo, CLOUDFLARE_PURGE_EDGE_URL sends every such request to a local edge instead (the
 * emulator's), with the real host in `X-Forwarded-Host`: a testing hook, not an input.
 */

const EDGE_OVERRIDE = 'CLOUDFLARE_PURGE_EDGE_URL';
/** Where a request for `url` goes: the URL itself, or the local edge with the real host in headers. */
const edgeTarget = (url, edge = process.env[EDGE_OVERRIDE]) => {
    if (edge === undefined || !/^https?:\/\//.test(edge))
        return { address: url, extra: {} };
    const target = new URL(url);
    return {
        address: `${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .trimEnd */ .s8)(edge, '/')}${target.pathname}${target.search}`,
        extra: {
            'x-forwarded-host': target.host,
            'x-forwarded-proto': target.protocol.replace(':', '')
        }
    };
};
const fetchThroughEdge = (userAgent, edge = process.env[EDGE_OVERRIDE]) => async (url, headers, timeoutMs) => {
    const { address, extra } = edgeTarget(url, edge);
    const response = await fetch(address, {
        headers: { ...headers, ...extra, 'user-agent': userAgent },
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.max(1, Math.round(timeoutMs)))
    });
    // Only the headers matter; the body is never read.
    await response.body?.cancel().catch(() => undefined);
    const age = response.headers.get('age');
    return {
        // Outside text: one short word, or what judging it says is unknown, never more.
        status: (0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .flattenLine */ .F3)((response.headers.get('cf-cache-status') ?? '').trim().toUpperCase(), 20),
        // As it came: judging it (verify.ts, readAge) decides what it says, and quotes it bounded.
        age: age === null ? undefined : age.trim(),
        at: Date.now()
    };
};


/***/ }),

/***/ 4100:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  warmCache: () => (/* binding */ warmCache)
});

// EXTERNAL MODULE: ./src/clock.ts
var src_clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: ./src/edge/fetch.ts
var edge_fetch = __webpack_require__(997);
;// CONCATENATED MODULE: ./src/edge/warm.ts


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
        return `no whole answer within ${(0,src_text/* seconds */.YA)(timeoutMs)} s`;
    const cause = error?.cause;
    const message = typeof cause?.message === 'string' && cause.message !== ''
        ? cause.message
        : String(error?.message ?? error);
    return (0,src_text/* flattenLine */.F3)(message, 120);
};
/** Requests one URL through the edge (or CLOUDFLARE_PURGE_EDGE_URL's) and reads the body to its end. */
const warmThroughEdge = (userAgent, edge = process.env[edge_fetch/* EDGE_OVERRIDE */.xw]) => async (url, headers, timeoutMs) => {
    const { address, extra } = (0,edge_fetch/* edgeTarget */.hC)(url, edge);
    const response = await fetch(address, {
        headers: { ...headers, ...extra, 'user-agent': userAgent },
        // A redirect is what is cached for this URL: following it would warm another one.
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.max(1, Math.round(timeoutMs)))
    });
    const reader = response.body?.getReader();
    if (reader !== undefined)
        for (;;) {
            const { done } = await reader.read();
            if (done)
                break;
        }
    return { status: response.status, cache: cacheWord(response.headers.get('cf-cache-status')) };
};
const MIN_REQUEST_MS = 100;
/** Fetches each item once, `concurrency` at a time, in order, until the deadline. */
const warmAll = async (items, options) => {
    const { clock } = options;
    const started = clock.now();
    const done = [];
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
            done.push(await one(items[next++]));
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
    return { done, outOfTime: items.length - next, ms: clock.now() - started };
};

// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(4285);
;// CONCATENATED MODULE: ./src/report/warm.ts


const SLOWEST = 5;
const WARNED = 20;
const CLASSES = ['2xx', '3xx', '4xx', '5xx'];
const statusClass = (status) => {
    const name = `${Math.floor(status / 100)}xx`;
    return CLASSES.includes(name) ? name : 'other';
};
const tallyBy = (done, key) => {
    const counts = {};
    for (const w of done) {
        const k = key(w);
        if (k !== undefined)
            counts[k] = (counts[k] ?? 0) + 1;
    }
    return counts;
};
const label = (w) => Object.keys(w.headers).length === 0 ? w.url : `${w.url} ${JSON.stringify(w.headers)}`;
const answer = (w) => w.status === undefined ? `failed (${w.error ?? 'unknown error'})` : `HTTP ${w.status}`;
const cold = (w) => w.status === undefined || w.status >= 400;
const listed = (counts) => Object.entries(counts)
    .map(([k, n]) => `${(0,src_text/* count */.U9)(n)} × ${k}`)
    .join(', ');
/** The counts, the slowest URLs and those that did not warm. */
const reportWarm = (run, skips, concurrency) => {
    const fetched = run.done.filter((w) => w.status !== undefined);
    const status = tallyBy(fetched, (w) => statusClass(w.status));
    const ordered = Object.fromEntries([...CLASSES, 'other'].filter((c) => status[c] !== undefined).map((c) => [c, status[c]]));
    const cache = tallyBy(fetched, (w) => w.cache);
    const failed = run.done.length - fetched.length;
    const counts = {
        fetched: fetched.length,
        failed,
        skipped: skips.skipped,
        over_limit: skips.overLimit,
        out_of_time: run.outOfTime,
        status: ordered,
        cache
    };
    const slowest = [...run.done].sort((a, b) => b.ms - a.ms).slice(0, SLOWEST);
    const bad = run.done.filter(cold);
    const left = [
        skips.skipped > 0 ? `${(0,src_text/* count */.U9)(skips.skipped)} fetched by verify already` : '',
        skips.overLimit > 0 ? `${(0,src_text/* count */.U9)(skips.overLimit)} over warm_limit` : '',
        run.outOfTime > 0 ? `${(0,src_text/* count */.U9)(run.outOfTime)} left when the timeout ran out` : ''
    ].filter((s) => s !== '');
    const line = `Warmed ${(0,src_text/* count */.U9)(fetched.length)} URL(s) through Cloudflare in ${(0,src_text/* seconds */.YA)(run.ms)} s` +
        `${fetched.length > 0 ? `: HTTP ${listed(ordered)}; CF-Cache-Status ${listed(cache)}` : ''}` +
        `${failed > 0 ? `; ${(0,src_text/* count */.U9)(failed)} failed` : ''}${left.length > 0 ? `; not fetched: ${left.join(', ')}` : ''}.`;
    const slow = slowest
        .slice(0, 3)
        .map((w) => `${label(w)} (${(0,src_text/* count */.U9)(Math.round(w.ms))} ms)`)
        .join(', ');
    const warnings = bad.slice(0, WARNED).map((w) => `Not warmed: ${label(w)}: ${answer(w)}.`);
    if (bad.length > WARNED)
        warnings.push(`... and ${(0,src_text/* count */.U9)(bad.length - WARNED)} more URL(s) not warmed (job summary).`);
    const table = (rows) => `| URL | Answer | CF-Cache-Status | Time |\n| --- | --- | --- | ---: |\n${rows
        .map((w) => `| ${(0,markdown/* cell */.Hn)(label(w))} | ${w.status === undefined ? `failed: ${(0,markdown/* cell */.Hn)(w.error ?? '')}` : `HTTP ${w.status}`} | ${w.status === undefined ? '' : (0,markdown/* cell */.Hn)(w.cache)} | ${(0,src_text/* count */.U9)(Math.round(w.ms))} ms |`)
        .join('\n')}`;
    const countRows = [
        ...Object.entries(ordered).map(([k, n]) => `| HTTP ${k} | ${(0,src_text/* count */.U9)(n)} |`),
        ...Object.entries(cache).map(([k, n]) => `| CF-Cache-Status ${(0,markdown/* cell */.Hn)(k)} | ${(0,src_text/* count */.U9)(n)} |`),
        ...(failed > 0 ? [`| failed | ${(0,src_text/* count */.U9)(failed)} |`] : []),
        ...(skips.skipped > 0 ? [`| fetched by verify already | ${(0,src_text/* count */.U9)(skips.skipped)} |`] : []),
        ...(skips.overLimit > 0 ? [`| over \`warm_limit\` | ${(0,src_text/* count */.U9)(skips.overLimit)} |`] : []),
        ...(run.outOfTime > 0 ? [`| not reached before the timeout | ${(0,src_text/* count */.U9)(run.outOfTime)} |`] : [])
    ];
    const body = [
        `Requested ${(0,src_text/* count */.U9)(run.done.length)} purged URL(s) through Cloudflare, ${concurrency} at a time, in ${(0,src_text/* seconds */.YA)(run.ms)} s. This fills the cache of the data centre nearest the runner (and the upper tier with Tiered Cache); visitors elsewhere fill their own.`,
        `| What | URLs |\n| --- | ---: |\n${countRows.join('\n')}`,
        ...(slowest.length > 0 ? [`Slowest:\n\n${table(slowest)}`] : []),
        ...(bad.length > 0
            ? [
                `Not warmed${bad.length > WARNED ? ` (the first ${WARNED} of ${(0,src_text/* count */.U9)(bad.length)})` : ''}:\n\n${table(bad.slice(0, WARNED))}`
            ]
            : [])
    ].join('\n\n');
    return {
        warmed: JSON.stringify(counts),
        line,
        slowest: slow === '' ? undefined : `Slowest: ${slow}.`,
        warnings,
        section: { heading: 'Warmed the cache', body }
    };
};

;// CONCATENATED MODULE: ./src/steps/warm.ts
/**
 * After a successful purge (and after `verify`): requests each purged URL once through Cloudflare,
 * so that the first visitors find it cached. Never fails the step. This module and what it imports
 * load only when `warm` is on.
 */




const TITLE = { title: 'Cloudflare purge' };
/** Every purged URL of the run, each cache key once, in the order given. */
const purgedUrls = (plan) => plan.kinds.filter((k) => k.kind === 'files').flatMap((k) => k.items);
const warmCache = async (report, plan, inputs, context) => {
    const warm = inputs.warm;
    if (warm === undefined)
        return report;
    const { log } = context;
    const clock = context.clock ?? src_clock/* realClock */.d;
    const urls = purgedUrls(plan);
    if (inputs.dryRun) {
        log.info(`Dry run: would warm ${(0,src_text/* count */.U9)(Math.min(urls.length, warm.limit))} URL(s) through Cloudflare after the purge.`);
        return report;
    }
    if (report.failure !== undefined) {
        log.info('Not warming the cache: the step did not succeed.');
        return report;
    }
    const fetched = new Set((report.edgeFetched ?? []).map((c) => edgeKey(c.url, c.headers)));
    const rest = urls.filter((item) => {
        const { url, headers } = urlAndHeaders(item);
        return !fetched.has(edgeKey(url, headers));
    });
    const skipped = urls.length - rest.length;
    const chosen = rest.slice(0, warm.limit);
    if (urls.length === 0) {
        log.notice('warm is on, but the purge named no URL to warm: a tag, host, prefix or everything purge lists none (list them in urls, or use sitemap).', TITLE);
        return report;
    }
    const run = chosen.length === 0
        ? { done: [], outOfTime: 0, ms: 0 }
        : await log.group(`Warming ${(0,src_text/* count */.U9)(chosen.length)} URL(s) through Cloudflare, ${warm.concurrency} at a time`, () => warmAll(chosen, {
            clock,
            deadline: context.startedAt + inputs.timeoutMs,
            concurrency: warm.concurrency,
            requestTimeoutMs: inputs.requestTimeoutMs,
            fetchEdge: context.fetchEdge ?? warmThroughEdge(context.userAgent)
        }));
    const result = reportWarm(run, { skipped, overLimit: rest.length - chosen.length }, warm.concurrency);
    log.info(result.line);
    if (result.slowest !== undefined)
        log.info(result.slowest);
    for (const warning of result.warnings)
        log.warning(warning, { title: 'Not warmed' });
    return {
        ...report,
        outputs: { ...report.outputs, warmed: result.warmed },
        summary: { ...report.summary, sections: [...report.summary.sections, result.section] }
    };
};


/***/ })

};
