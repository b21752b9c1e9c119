export const id = 112;
export const ids = [112];
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

/***/ 2112:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkEdge: () => (/* binding */ checkEdge)
});

// EXTERNAL MODULE: ./src/edge/fetch.ts
var fetch = __webpack_require__(997);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: ./src/model.ts
var model = __webpack_require__(182);
// EXTERNAL MODULE: ./src/clock.ts
var clock = __webpack_require__(9373);
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
                    attempts
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

// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(4285);
;// CONCATENATED MODULE: ./src/report/verify.ts



const SHOWN = 10;
/** What the checks of the edge say, for the log, the outputs and the job summary. */
const reportVerify = (checks, mode) => {
    const counts = tally(checks);
    const stale = checks.filter((c) => c.verdict === 'stale');
    const line = `Checked ${checks.length} URL(s) at the edge: ${Object.entries(counts)
        .map(([verdict, n]) => `${n} ${verdict}`)
        .join(', ') || 'none'}.`;
    // A stale URL is what did not take: it stays when the summary must be cut, the others go first.
    const rows = checks.map((c) => ({
        text: `| ${(0,markdown/* cell */.Hn)(c.url)}${Object.keys(c.headers).length === 0 ? '' : ` ${(0,markdown/* cell */.Hn)(JSON.stringify(c.headers))}`} | ${c.status === '' ? '' : (0,markdown/* cell */.Hn)(c.status)} | ${c.age === undefined ? '' : `${c.age} s`} | ${c.verdict === 'stale' ? '❌ ' : ''}${c.verdict}: ${(0,markdown/* cell */.Hn)(c.detail)}${c.attempts > 1 ? ` (${c.attempts} looks)` : ''} |`,
        rank: c.verdict === 'stale' ? 'unpurged' : 'check'
    }));
    const section = {
        heading: 'Checked at the edge',
        body: line,
        rows: {
            head: '| URL | CF-Cache-Status | Age | Verdict |\n| --- | --- | ---: | --- |',
            rows,
            noun: 'URL(s)',
            where: 'the log'
        },
        after: 'The check fetched each URL through Cloudflare, so it also cached what the origin serves now.'
    };
    const names = stale.slice(0, SHOWN).map((c) => c.url);
    const more = stale.length > SHOWN ? ` and ${stale.length - SHOWN} more` : '';
    return {
        verified: JSON.stringify(counts),
        section,
        line,
        lines: checks.map((c) => `${c.verdict}: ${(0,src_text/* escapeLine */.EH)(c.url)}${Object.keys(c.headers).length === 0 ? '' : ` ${(0,src_text/* escapeLine */.EH)(JSON.stringify(c.headers), 400)}`}${c.status === '' ? '' : ` (${(0,src_text/* escapeLine */.EH)(c.status, 40)})`}: ${(0,src_text/* escapeLine */.EH)(c.detail, 300)}`),
        warnings: mode === 'warn' ? stale.map((c) => `${c.url} is still stale at the edge: ${c.detail}.`) : [],
        failure: mode === 'fail' && stale.length > 0
            ? `${stale.length} URL(s) still stale at the edge after the purge: ${names.join(', ')}${more}. Either the purge did not cover it (a tag the page does not carry, a cache key with other headers than those purged), or something cached the old page again (an upstream cache, or an origin not yet updated when the purge ran).`
            : undefined
    };
};

;// CONCATENATED MODULE: ./src/steps/verify.ts
/**
 * After a purge: asks the edge whether it took. This module and what it imports load only when
 * `verify` is on.
 */




const checkEdge = async (report, 
/** URLs verify_urls names, all checked up to the limit; then purged ones fill what is left. */
candidates, inputs, options) => {
    const { startedAt, log } = options;
    const mode = inputs.verify.mode;
    const named = spread(candidates.named, inputs.verify.limit);
    const chosen = [
        ...named,
        ...spread(candidates.purged, Math.max(0, inputs.verify.limit - named.length))
    ];
    if (chosen.length === 0) {
        log.notice('verify is on, but nothing names a URL to check: list some in verify_urls after a tag, host, prefix or everything purge.', { title: 'Cloudflare purge' });
        return report;
    }
    const checks = await log.group(`Checking ${chosen.length} URL(s) at the edge`, () => verify(chosen, {
        mode: inputs.mode,
        deadline: startedAt + inputs.timeoutMs,
        clock: clock/* realClock */.d,
        fetchEdge: (0,fetch/* fetchThroughEdge */.jj)(options.userAgent)
    }));
    const result = reportVerify(checks, mode);
    log.info(result.line);
    // Every check in the log: the summary may have to leave some out to stay under GitHub's limit.
    await log.group(`Each URL checked at the edge (${checks.length})`, async () => {
        for (const line of result.lines)
            log.info(line);
    });
    for (const warning of result.warnings)
        log.warning(warning, { title: 'Stale at the edge' });
    return {
        ...report,
        outputs: { ...report.outputs, verified: result.verified },
        // A stale URL that fails the step must not sit under a heading that says all went well.
        summary: {
            ...report.summary,
            ...(result.failure === undefined
                ? {}
                : { status: 'failure', title: `${report.summary.title}, but stale at the edge` }),
            sections: [...report.summary.sections, result.section]
        },
        ...(result.failure === undefined
            ? {}
            : { failure: result.failure, title: 'Stale at the edge' }),
        // A check that got an answer fetched the page: warming need not fetch it again.
        edgeFetched: checks
            .filter((c) => c.status !== '' || c.verdict !== 'could not check')
            .map((c) => ({ url: c.url, headers: c.headers }))
    };
};


/***/ })

};
