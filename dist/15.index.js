export const id = 15;
export const ids = [15];
export const modules = {

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

/***/ 93015:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  gateStage: () => (/* binding */ gateStage),
  waitForDeploy: () => (/* binding */ waitForDeploy)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/clock.ts
var src_clock = __webpack_require__(99373);
// EXTERNAL MODULE: ./src/http.ts
var http = __webpack_require__(76803);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(48992);
// EXTERNAL MODULE: external "node:dns"
var external_node_dns_ = __webpack_require__(40610);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(46752);
// EXTERNAL MODULE: ./src/address.ts
var src_address = __webpack_require__(56355);
;// CONCATENATED MODULE: ./src/edge/guard.ts
/**
 * The deploy gate's HTTP client, which connects to no loopback, private or link-local address
 * the user did not name. The check is made on the connection itself: the name's addresses are
 * judged in the `lookup` the socket is opened with, so the address checked is the address
 * connected to. A lookup of its own before the request would be a second question to DNS, which
 * a rebinding name answers with a public address first and 127.0.0.1 the next time.
 *
 * It is undici's `fetch` with an `Agent` whose connector takes that `lookup`: the undici that
 * @actions/http-client already brings (so nothing more is bundled), and its own fetch rather than
 * Node's, whose bundled undici is another version on each Node release and is not promised to
 * take a dispatcher from a different one. An IP address in the URL is never looked up: the
 * redirect policy (http.ts) judges it before any request.
 */




const systemResolve = (hostname, options) => external_node_dns_.promises.lookup(hostname, { ...options, all: true });
/** A connection refused because the name resolved to a local address the user did not name. */
class AddressRefused extends Error {
    constructor(hostname, address) {
        const kind = (0,src_address/* hostKind */.Pz)(address);
        super(`${(0,src_text/* quote */.hD)(hostname, 100)} resolves to ${address}, ${kind === 'public' ? 'a public host' : src_address/* HOST_KIND_WORDS */.W8[kind]}: not connected, as wait_for_url does not name it`);
        this.name = 'AddressRefused';
    }
}
/**
 * A `lookup` for sockets that fails when a name other than those in `named` resolves to any
 * address that is not public: one such address among public ones is enough, since the socket
 * may try each of them.
 */
const guardedLookup = (named, resolve = systemResolve) => (hostname, options, callback) => {
    resolve(hostname, options).then((addresses) => {
        const local = named.has(hostname)
            ? undefined
            : addresses.find((a) => (0,src_address/* hostKind */.Pz)(a.address) !== 'public');
        if (local !== undefined)
            callback(new AddressRefused(hostname, local.address), []);
        else if (addresses.length === 0)
            callback(Object.assign(new Error(`no address for ${(0,src_text/* quote */.hD)(hostname, 100)}`), {
                code: 'ENOTFOUND'
            }), []);
        else if (options.all === true)
            callback(null, addresses);
        else
            callback(null, addresses[0].address, addresses[0].family);
    }, (error) => callback(error, []));
};
/**
 * A client whose connections go only to public addresses, or to the hosts in `named` (a URL's
 * `hostname`: the ones the user gave), whatever they resolve to. Redirects are never followed
 * here: the caller follows them by hand, hop by hop, through the redirect policy.
 */
const guardedClient = (named, resolve) => {
    const agent = new undici/* Agent */.g6({ connect: { lookup: guardedLookup(new Set(named), resolve) } });
    return {
        fetch: (url, init) => (0,undici/* fetch */.hd)(url, { ...init, redirect: 'manual', dispatcher: agent }),
        // Every poll has ended by then (each is bounded in time): nothing is left to wait for.
        close: () => agent.destroy()
    };
};

// EXTERNAL MODULE: ./src/edge/needle.ts
var edge_needle = __webpack_require__(3994);
;// CONCATENATED MODULE: ./src/edge/gate.ts
/**
 * The deploy gate's client: polls outside origins until each one shows the deployed version.
 * Every request is bounded in time (`timeoutMs`, headers and body alike, redirects included) and
 * in body (at most `bodyLimit` bytes read, then cut), asks caches to step aside (`Cache-Control:
 * no-cache` and a query parameter no cache has seen), and keeps only a short excerpt of what it
 * read. Headers are bounded by Node's own limit (16 KiB). Requests go through the guarded client
 * (guard.ts); a redirect is followed by hand, only within the origin the user named (scheme, host
 * and port), at most five times (the one redirect policy, http.ts): any other is reported with
 * its target and never requested, and the poll is not live. Loaded only when `wait_for_url` is set.
 */






/** A version string sits near the top of what serves it; a page's marker within its first MiB. */
const BODY_LIMIT = 1024 * 1024;
const EXCERPT_CHARS = 200;
/** What the log and the summary say after a redirect not followed; `input` as each writes it. */
const nameTheTarget = (input) => `a redirect is followed only within the origin named; to wait for what its target serves, name that URL in ${input}`;
/** Why a redirect off the origin named is not followed, after "which". */
const OFF_ORIGIN = 'is on another origin (scheme, host or port) than the URL named';
/** Where a redirect led, as it may be shown: without our parameter (quoting hides user info). */
const shownTarget = (url) => {
    const target = new URL(url);
    target.searchParams.delete(edge_needle/* BUST_PARAM */.ho);
    return target.href;
};
/** Where the text was found, for the log (the summary escapes the header name its own way). */
const foundWhere = (found) => found === 'body' ? 'the body' : `the ${(0,src_text/* flattenLine */.F3)(found.header, 60)} header`;
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
    // Ours, whole: it names the host (quoted, bounded) and the address.
    if (cause instanceof AddressRefused)
        return cause.message;
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
            if ((0,edge_needle/* shows */.L7)(window, needle)) {
                look.foundIn = 'body';
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
/**
 * Requests `url` (the one the user named) with our parameter, following each redirect the
 * policy allows: the answer, or undefined when a redirect ended the poll (not followed, without
 * a Location, or one too many), as `look` says.
 */
const follow = async (url, options, signal, look) => {
    const named = new URL(url);
    const policy = {
        named: new Set([named.hostname]),
        origin: { origin: named.origin, offOrigin: OFF_ORIGIN }
    };
    const headers = {
        'cache-control': 'no-cache',
        pragma: 'no-cache',
        'user-agent': options.userAgent
    };
    let at = new URL((0,edge_needle/* bustedUrl */.Bx)(url, options.bust));
    for (let hops = 0;; hops++) {
        // Each hop's answer, or none when this hop gave none.
        look.status = undefined;
        const response = await options.client.fetch(at, { headers, signal });
        look.status = response.status;
        if (!http/* REDIRECT_STATUSES */.aq.has(response.status))
            return response;
        await response.body?.cancel().catch(() => undefined);
        const to = (0,http/* redirectTarget */.ET)(response, at);
        const why = to === undefined ? undefined : (0,http/* redirectProblem */.uc)(at, to, policy);
        if (to === undefined)
            look.error = 'a redirect without a valid Location';
        else if (why !== undefined)
            look.refused = { to: shownTarget(to), why };
        else if (hops >= http/* MAX_REDIRECTS */.NX)
            look.error = `more than ${http/* MAX_REDIRECTS */.NX} redirects`;
        else {
            look.redirectedTo = shownTarget(to);
            at = to;
            continue;
        }
        return undefined;
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
        redirectedTo: undefined,
        refused: undefined
    };
    const timeoutMs = Math.max(1, (0,src_clock/* timerMs */.Q2)(options.timeoutMs));
    try {
        // One time bound for every hop, headers and body.
        const response = await follow(url, options, (0,src_clock/* timeoutSignal */._)(timeoutMs), look);
        if (response === undefined)
            return look;
        // Only a 2xx is the new version being served: an error page that mentions it is not.
        const ok = response.status >= 200 && response.status < 300;
        if (ok)
            for (const [name, value] of response.headers)
                if ((0,edge_needle/* shows */.L7)(value, needle)) {
                    look.foundIn = { header: name };
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
    const via = look.redirectedTo === undefined ? '' : ` from ${(0,src_text/* quote */.hD)(look.redirectedTo, 120)}`;
    if (look.status === undefined)
        return `no answer${via} (${look.error ?? 'unknown error'})`;
    if (look.refused !== undefined)
        return `HTTP ${look.status}${via}, a redirect to ${(0,src_text/* quote */.hD)(look.refused.to, 200)}, which ${look.refused.why}: not followed (${nameTheTarget('wait_for_url')})`;
    const excerpt = collapse(look.excerpt);
    const body = excerpt === '' ? ', empty body' : ` ${(0,src_text/* quote */.hD)(excerpt, 80)}`;
    return `HTTP ${look.status}${via}${body}${look.error === undefined ? '' : ` (${look.error})`}`;
};
/** The least time a poll is started with. */
const MIN_POLL_MS = 500;
/** About 1 s, growing by half each time, up to 10 s. */
const pollInterval = (poll) => Math.min(10_000, Math.round(1000 * 1.5 ** Math.max(0, poll - 1)));
/** What makes two answers the same for the log: one line per change, not per poll. */
const lookKey = (look) => JSON.stringify([
    look.status,
    look.error,
    look.foundIn,
    look.redirectedTo,
    look.refused,
    collapse(look.excerpt)
]);
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

// EXTERNAL MODULE: ./src/plan/plan.ts
var plan = __webpack_require__(48720);
// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(54285);
// EXTERNAL MODULE: ./src/report/outputs.ts
var outputs = __webpack_require__(65468);
// EXTERNAL MODULE: ./src/report/report.ts
var report = __webpack_require__(88850);
;// CONCATENATED MODULE: ./src/report/gate.ts
/** The deploy gate in the job summary: which URLs showed the new version, after how long. */





const lastAnswer = (look) => {
    if (look === undefined)
        return 'none';
    const via = look.redirectedTo === undefined ? '' : ` from ${(0,markdown/* cell */.Hn)(look.redirectedTo)}`;
    if (look.status === undefined)
        return `no answer${via}: ${(0,markdown/* cell */.Hn)(look.error ?? 'unknown error')}`;
    const excerpt = collapse(look.excerpt);
    const shown = excerpt.length > 80 ? `${excerpt.slice(0, 79)}…` : excerpt;
    const refused = look.refused;
    return [
        `HTTP ${look.status}${via}`,
        ...(refused === undefined
            ? []
            : [`redirecting to ${(0,markdown/* cell */.Hn)(refused.to)}, which ${(0,markdown/* escape */.ih)(refused.why)}: not followed`]),
        ...(shown === '' ? [] : [(0,markdown/* cell */.Hn)(shown)]),
        ...(look.error === undefined ? [] : [`(${(0,markdown/* cell */.Hn)(look.error)})`])
    ].join(' ');
};
/** Where the text was found: a header's name is outside text, in a code span like any other. */
const gate_foundWhere = (found) => found === undefined
    ? 'the answer'
    : found === 'body'
        ? 'the body'
        : `the ${(0,markdown/* cell */.Hn)((0,src_text/* flattenLine */.F3)(found.header, 60))} header`;
/** The section: one row per URL, with how long it took, how many polls, and what it last showed. */
const gateSection = (waited, needle) => {
    const live = waited.every((w) => w.found);
    const took = Math.max(0, ...waited.map((w) => w.tookMs));
    const rows = waited.map((w) => [
        (0,markdown/* cell */.Hn)(w.url),
        w.found ? `✅ shows it in ${gate_foundWhere(w.last?.foundIn)}` : '❌ not yet',
        `${(0,src_text/* seconds */.YA)(w.tookMs)} s`,
        (0,src_text/* count */.U9)(w.polls),
        lastAnswer(w.last)
    ]);
    const refused = waited.some((w) => !w.found && w.last?.refused !== undefined);
    return {
        heading: 'Waited for the deploy',
        body: `${live ? 'Live' : 'Not live'} after ${(0,src_text/* seconds */.YA)(took)} s: ${waited.length === 1 ? 'the URL' : `${waited.length} URLs`} polled for ${(0,markdown/* code */.aY)(needle)}.\n\n` +
            (0,markdown/* table */.tp)(['URL', 'Result', '>Time', '>Polls', 'Last answer'], rows) +
            (refused ? `\n\nA redirect was not followed: ${nameTheTarget('`wait_for_url`')}.` : '')
    };
};
/** A step stopped by the gate: nothing was purged, because the deploy never showed. */
const reportNotLive = (plan, section, failure, context, fullListPath) => {
    const list = (0,outputs/* notPurgedOf */.q$)((0,outputs/* unsentEntries */.wZ)(plan, new Error(failure)), fullListPath);
    return { ...notLive(plan, section, failure, context, list), files: (0,outputs/* listFiles */.CS)(list) };
};
const notLive = (plan, section, failure, context, list) => ({
    outputs: (0,outputs/* nothingPurged */.VJ)(plan, [], list),
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

// EXTERNAL MODULE: ./src/steps/stage.ts
var stage = __webpack_require__(57389);
;// CONCATENATED MODULE: ./src/steps/gate.ts
/**
 * The deploy gate: before any purge request, waits until every `wait_for_url` serves the new
 * version. A purge sent before that is undone by the next visitor, who caches the old page again.
 * This module and what it imports load only when `wait_for_url` is set.
 */








const TITLE = { title: 'Deploy not live' };
/** URLs named one by one in the failure; the summary lists them all. */
const NAMED = 5;
const notLiveMessage = (late, needle, waitedMs) => {
    const named = late
        .slice(0, NAMED)
        .map((w) => `${w.url} last showed ${describeLook(w.last)} after ${(0,src_text/* count */.U9)(w.polls)} poll(s)`);
    const more = late.length > NAMED ? `; and ${late.length - NAMED} more (job summary)` : '';
    return `The deploy is not live after ${(0,src_text/* seconds */.YA)(waitedMs)} s: not showing ${(0,src_text/* quote */.hD)(needle.text)}: ${named.join('; ')}${more}.`;
};
/** Polls every URL until it shows the needle or the wait ends; logs each change of answer. */
const pollAll = async (inputs, gate, needle, options) => {
    const { log, clock, started } = options;
    const run = (0,external_node_crypto_.randomUUID)().slice(0, 8);
    // The hosts the user named: the only ones whose names may resolve to a local address.
    const client = guardedClient(gate.urls.map((url) => new URL(url).hostname), options.resolve);
    try {
        return await waitForAll(gate.urls, {
            clock,
            deadline: started + gate.timeoutMs,
            requestTimeoutMs: inputs.requestTimeoutMs,
            look: (url, poll, timeoutMs) => lookAt(url, needle, {
                client,
                userAgent: options.userAgent,
                timeoutMs,
                bust: `${run}-${poll}`
            }),
            changed: (url, look, poll) => log.info(look.foundIn === undefined
                ? `Waiting for ${url}: ${describeLook(look)} (poll ${poll})`
                : `Live: ${url} shows ${(0,src_text/* quote */.hD)(needle.text)} in ${foundWhere(look.foundIn)} after ${(0,src_text/* seconds */.YA)(clock.now() - started)} s (poll ${poll})`)
        });
    }
    finally {
        await client.close();
    }
};
const waitForDeploy = async (inputs, ctx, options) => {
    const gate = inputs.gate;
    const { log } = options;
    const clock = options.clock ?? src_clock/* realClock */.dQ;
    const needle = (0,edge_needle/* needleOf */.HC)(gate, ctx.sha);
    const started = clock.now();
    const waited = await log.group(`Waiting for ${gate.urls.length === 1 ? gate.urls[0] : `${gate.urls.length} URLs`} to show ${(0,src_text/* quote */.hD)(needle.text)} (up to ${(0,src_text/* seconds */.YA)(gate.timeoutMs)} s)`, () => pollAll(inputs, gate, needle, { ...options, clock, started }));
    const waitedMs = clock.now() - started;
    const section = gateSection(waited, needle.text);
    const late = waited.filter((w) => !w.found);
    const amendment = { section, first: true };
    if (late.length === 0) {
        log.info(`The deploy is live: every URL shows ${(0,src_text/* quote */.hD)(needle.text)} after ${(0,src_text/* seconds */.YA)(waitedMs)} s.`);
        return { waitedMs, stop: undefined, amendment, unseen: false };
    }
    const message = notLiveMessage(late, needle, waitedMs);
    if (gate.onTimeout === 'purge') {
        log.warning(`${message} Purging anyway (wait_on_timeout: purge).`, TITLE);
        return { waitedMs, stop: undefined, amendment: { ...amendment, warning: true }, unseen: true };
    }
    const stop = reportNotLive((0,plan/* planPurge */.zj)(inputs), section, `${message} Nothing was purged: purging before the new version is served caches the old one again. Check wait_for_url and wait_for, raise wait_timeout, or set wait_on_timeout: purge.`, ctx, (0,stage/* notPurgedFilePath */.qB)());
    return { waitedMs, stop, amendment: {}, unseen: true };
};
/** The gate as a stage: the run goes on once the deploy is live, or stops with the report. */
const gateStage = async (run, state) => {
    const gate = await waitForDeploy(state.inputs, run.ctx, run);
    if (gate.stop !== undefined)
        return { ...state, report: gate.stop, done: true };
    return {
        ...state,
        budgetFrom: state.budgetFrom + gate.waitedMs,
        amendments: [...state.amendments, gate.amendment],
        ...(gate.unseen ? { unseenDeploy: true } : {})
    };
};


/***/ })

};
