export const id = 819;
export const ids = [819];
export const modules = {

/***/ 8819:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  waitForDeploy: () => (/* binding */ waitForDeploy)
});

// UNUSED EXPORTS: NO_GATE

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/clock.ts
var src_clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
;// CONCATENATED MODULE: ./src/edge/gate.ts

/** A version string sits near the top of what serves it; a page's marker within its first MiB. */
const BODY_LIMIT = 1024 * 1024;
/** The query parameter that makes every poll a URL no cache holds. */
const BUST_PARAM = 'cf_purge_wait';
const EXCERPT_CHARS = 200;
/** The URL with the cache-busting parameter added, the rest of its query kept as written. */
const bustedUrl = (url, bust) => {
    const target = new URL(url);
    target.hash = '';
    const param = `${BUST_PARAM}=${encodeURIComponent(bust)}`;
    target.search = target.search === '' ? `?${param}` : `${target.search}&${param}`;
    return target.href;
};
/** Where a redirect led, for the log: without our parameter, if the redirect kept it. */
const withoutBust = (url) => {
    const target = new URL(url);
    target.searchParams.delete(BUST_PARAM);
    return target.href;
};
const has = (text, needle) => needle.ignoreCase
    ? text.toLowerCase().includes(needle.text.toLowerCase())
    : text.includes(needle.text);
/** What went wrong, in a few words; never the whole of what a server said. */
const describeError = (error, timeoutMs, answered) => {
    const name = error?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
        return answered
            ? `the body did not end within ${(0,src_text/* seconds */.YA)(timeoutMs)} s`
            : `no answer within ${(0,src_text/* seconds */.YA)(timeoutMs)} s`;
    const cause = error?.cause;
    if (cause?.code === 'UND_ERR_HEADERS_OVERFLOW')
        return 'headers larger than 16 KiB';
    const message = typeof cause?.message === 'string' && cause.message !== ''
        ? cause.message
        : String(error?.message ?? error);
    return (0,src_text/* flattenLine */.F3)(message, 120);
};
/**
 * Reads the body no further than the limit, looking for the needle as it goes (across chunk
 * borders) when `search` is set, and stops as soon as it is found. Without `search`, reads only
 * enough for the excerpt.
 */
const readBody = async (response, needle, limit, search, look) => {
    if (response.body === null)
        return;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let tail = '';
    try {
        while (look.bytes < limit) {
            const { done, value } = await reader.read();
            if (done)
                break;
            const part = value.byteLength > limit - look.bytes ? value.subarray(0, limit - look.bytes) : value;
            look.bytes += part.byteLength;
            const text = decoder.decode(part, { stream: true });
            if (look.excerpt.length < EXCERPT_CHARS)
                look.excerpt += text.slice(0, EXCERPT_CHARS - look.excerpt.length);
            if (!search)
                break;
            const window = tail + text;
            if (has(window, needle)) {
                look.foundIn = 'the body';
                break;
            }
            tail = window.slice(-Math.max(0, needle.text.length - 1));
        }
    }
    finally {
        // What is left unread stays unread: an endless body costs no more than the limit.
        await reader.cancel().catch(() => undefined);
    }
};
/** One poll of one URL: never throws; whatever happened is in the answer. */
const lookAt = async (url, needle, options) => {
    const look = {
        status: undefined,
        foundIn: undefined,
        excerpt: '',
        error: undefined,
        bytes: 0,
        redirectedTo: undefined
    };
    const timeoutMs = Math.max(1, Math.round(options.timeoutMs));
    try {
        const response = await fetch(bustedUrl(url, options.bust), {
            headers: {
                'cache-control': 'no-cache',
                pragma: 'no-cache',
                'user-agent': options.userAgent
            },
            // Followed (at most 20, fetch's limit), all within the same time bound.
            redirect: 'follow',
            signal: AbortSignal.timeout(timeoutMs)
        });
        look.status = response.status;
        if (response.redirected)
            look.redirectedTo = withoutBust(response.url);
        // Only a 2xx is the new version being served: an error page that mentions it is not.
        const ok = response.status >= 200 && response.status < 300;
        if (ok)
            for (const [name, value] of response.headers)
                if (has(value, needle)) {
                    look.foundIn = `the ${(0,src_text/* flattenLine */.F3)(name, 60)} header`;
                    break;
                }
        await readBody(response, needle, options.bodyLimit ?? BODY_LIMIT, ok && look.foundIn === undefined, look);
    }
    catch (error) {
        look.error = describeError(error, timeoutMs, look.status !== undefined);
    }
    return look;
};
/** Whitespace runs made one space: an excerpt of a pretty-printed file reads on one line. */
const collapse = (text) => text.replace(/\s+/g, ' ').trim();
/** What a poll saw, for the log: a status and a short excerpt, every outside character escaped. */
const describeLook = (look) => {
    if (look === undefined)
        return 'no answer yet';
    if (look.status === undefined)
        return `no answer (${look.error ?? 'unknown error'})`;
    const via = look.redirectedTo === undefined ? '' : ` from ${(0,src_text/* quote */.hD)(look.redirectedTo, 120)}`;
    const excerpt = collapse(look.excerpt);
    const body = excerpt === '' ? ', empty body' : ` ${(0,src_text/* quote */.hD)(excerpt, 80)}`;
    return `HTTP ${look.status}${via}${body}${look.error === undefined ? '' : ` (${look.error})`}`;
};
/** The least time a poll is started with. */
const MIN_POLL_MS = 500;
/** About 1 s, growing by half each time, up to 10 s. */
const pollInterval = (poll) => Math.min(10_000, Math.round(1000 * 1.5 ** Math.max(0, poll - 1)));
/** What makes two answers the same for the log: one line per change, not per poll. */
const lookKey = (look) => JSON.stringify([look.status, look.error, look.foundIn, look.redirectedTo, collapse(look.excerpt)]);
const waitForOne = async (url, options) => {
    const { clock, deadline } = options;
    const interval = options.intervalMs ?? pollInterval;
    const started = clock.now();
    let last;
    let shown = '';
    let polls = 0;
    for (;;) {
        const left = deadline - clock.now();
        // A poll with next to no time left could only fail, and would hide what the last one saw.
        if (left < MIN_POLL_MS) {
            if (left > 0)
                await clock.sleep(left);
            return { url, found: false, polls, tookMs: clock.now() - started, last };
        }
        polls++;
        last = await options.look(url, polls, Math.min(options.requestTimeoutMs, left));
        const key = lookKey(last);
        if (key !== shown)
            options.changed(url, last, polls);
        shown = key;
        if (last.foundIn !== undefined)
            return { url, found: true, polls, tookMs: clock.now() - started, last };
        await clock.sleep(Math.min(interval(polls), Math.max(0, deadline - clock.now())));
    }
};
/** Polls every URL at once, each until it shows the text or the deadline passes. */
const waitForAll = (urls, options) => Promise.all(urls.map((url) => waitForOne(url, options)));

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/plan/plan.ts
var plan = __webpack_require__(8720);
// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(4285);
// EXTERNAL MODULE: ./src/report/outputs.ts
var outputs = __webpack_require__(5468);
// EXTERNAL MODULE: ./src/report/report.ts
var report = __webpack_require__(8850);
;// CONCATENATED MODULE: ./src/report/gate.ts
/** The deploy gate in the job summary: which URLs showed the new version, after how long. */





const lastAnswer = (look) => {
    if (look === undefined)
        return 'none';
    if (look.status === undefined)
        return `no answer: ${(0,markdown/* cell */.Hn)(look.error ?? 'unknown error')}`;
    const excerpt = collapse(look.excerpt);
    const shown = excerpt.length > 80 ? `${excerpt.slice(0, 79)}…` : excerpt;
    return [
        `HTTP ${look.status}`,
        ...(look.redirectedTo === undefined ? [] : [`from ${(0,markdown/* cell */.Hn)(look.redirectedTo)}`]),
        ...(shown === '' ? [] : [(0,markdown/* cell */.Hn)(shown)]),
        ...(look.error === undefined ? [] : [`(${(0,markdown/* cell */.Hn)(look.error)})`])
    ].join(' ');
};
/** The section: one row per URL, with how long it took, how many polls, and what it last showed. */
const gateSection = (waited, needle) => {
    const live = waited.every((w) => w.found);
    const took = Math.max(0, ...waited.map((w) => w.tookMs));
    const rows = waited.map((w) => `| ${(0,markdown/* cell */.Hn)(w.url)} | ${w.found ? `✅ shows it in ${w.last?.foundIn ?? 'the answer'}` : '❌ not yet'} | ${(0,src_text/* seconds */.YA)(w.tookMs)} s | ${(0,src_text/* count */.U9)(w.polls)} | ${lastAnswer(w.last)} |`);
    return {
        heading: 'Waited for the deploy',
        body: `${live ? 'Live' : 'Not live'} after ${(0,src_text/* seconds */.YA)(took)} s: ${waited.length === 1 ? 'the URL' : `${waited.length} URLs`} polled for ${(0,markdown/* code */.aY)(needle)}.\n\n` +
            `| URL | Result | Time | Polls | Last answer |\n| --- | --- | ---: | ---: | --- |\n${rows.join('\n')}`
    };
};
/** A step stopped by the gate: nothing was purged, because the deploy never showed. */
const reportNotLive = (plan, section, failure, context) => ({
    outputs: (0,outputs/* nothingPurged */.VJ)(plan, []),
    summary: {
        status: 'failure',
        title: 'Cloudflare cache not purged: the deploy is not live',
        scope: (0,report/* scope */.z8)(plan, undefined, context),
        sections: [
            section,
            {
                body: 'Nothing was purged: purging before the new version is served lets the next visitor cache the old one again. Check `wait_for_url` and `wait_for`, raise `wait_timeout`, or set `wait_on_timeout: purge` to purge anyway.'
            }
        ]
    },
    failure,
    title: 'Deploy not live'
});
/** The run's report with the gate's section first; a purge made anyway is marked with a warning. */
const withGate = (report, section, purgedAnyway) => ({
    ...report,
    summary: {
        ...report.summary,
        status: purgedAnyway && report.summary.status === 'success' ? 'warning' : report.summary.status,
        sections: [section, ...report.summary.sections]
    }
});

;// CONCATENATED MODULE: ./src/steps/gate.ts
/**
 * The deploy gate: before any purge request, waits until every `wait_for_url` serves the new
 * version. A purge sent before that is undone by the next visitor, who caches the old page again.
 * This module and what it imports load only when `wait_for_url` is set.
 */







const NO_GATE = { waitedMs: 0, stop: undefined, apply: (report) => report };
const TITLE = { title: 'Deploy not live' };
/** URLs named one by one in the failure; the summary lists them all. */
const NAMED = 5;
/** `wait_for`, or the run's commit: its first 7 characters are in its full form too. */
const needleOf = (gate, sha) => {
    if (gate.waitFor !== undefined)
        return { text: gate.waitFor, ignoreCase: false };
    if (sha === '')
        throw new errors/* InputError */.dz([
            {
                input: 'wait_for',
                value: '',
                problem: 'is needed: GITHUB_SHA is not set, so there is no commit to wait for; give the text that shows the new version'
            }
        ]);
    return { text: sha.slice(0, 7), ignoreCase: true };
};
const notLiveMessage = (late, needle, waitedMs) => {
    const named = late
        .slice(0, NAMED)
        .map((w) => `${w.url} last showed ${describeLook(w.last)} after ${(0,src_text/* count */.U9)(w.polls)} poll(s)`);
    const more = late.length > NAMED ? `; and ${late.length - NAMED} more (job summary)` : '';
    return `The deploy is not live after ${(0,src_text/* seconds */.YA)(waitedMs)} s: not showing ${(0,src_text/* quote */.hD)(needle.text)}: ${named.join('; ')}${more}.`;
};
const waitForDeploy = async (inputs, ctx, options) => {
    const gate = inputs.gate;
    if (gate === undefined)
        return NO_GATE;
    const { log } = options;
    const clock = options.clock ?? src_clock/* realClock */.d;
    const needle = needleOf(gate, ctx.sha);
    const run = (0,external_node_crypto_.randomUUID)().slice(0, 8);
    const started = clock.now();
    const waited = await log.group(`Waiting for ${gate.urls.length === 1 ? gate.urls[0] : `${gate.urls.length} URLs`} to show ${(0,src_text/* quote */.hD)(needle.text)} (up to ${(0,src_text/* seconds */.YA)(gate.timeoutMs)} s)`, () => waitForAll(gate.urls, {
        clock,
        deadline: started + gate.timeoutMs,
        requestTimeoutMs: inputs.requestTimeoutMs,
        look: (url, poll, timeoutMs) => lookAt(url, needle, { userAgent: options.userAgent, timeoutMs, bust: `${run}-${poll}` }),
        changed: (url, look, poll) => log.info(look.foundIn === undefined
            ? `Waiting for ${url}: ${describeLook(look)} (poll ${poll})`
            : `Live: ${url} shows ${(0,src_text/* quote */.hD)(needle.text)} in ${look.foundIn} after ${(0,src_text/* seconds */.YA)(clock.now() - started)} s (poll ${poll})`)
    }));
    const waitedMs = clock.now() - started;
    const section = gateSection(waited, needle.text);
    const late = waited.filter((w) => !w.found);
    if (late.length === 0) {
        log.info(`The deploy is live: every URL shows ${(0,src_text/* quote */.hD)(needle.text)} after ${(0,src_text/* seconds */.YA)(waitedMs)} s.`);
        return { waitedMs, stop: undefined, apply: (report) => withGate(report, section, false) };
    }
    const message = notLiveMessage(late, needle, waitedMs);
    if (gate.onTimeout === 'purge') {
        log.warning(`${message} Purging anyway (wait_on_timeout: purge).`, TITLE);
        return { waitedMs, stop: undefined, apply: (report) => withGate(report, section, true) };
    }
    const stop = reportNotLive((0,plan/* planPurge */.zj)(inputs), section, `${message} Nothing was purged: purging before the new version is served caches the old one again. Check wait_for_url and wait_for, raise wait_timeout, or set wait_on_timeout: purge.`, ctx);
    return { waitedMs, stop, apply: (report) => report };
};


/***/ })

};
