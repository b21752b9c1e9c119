export const id = 575;
export const ids = [575];
export const modules = {

/***/ 90015:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NO: () => (/* binding */ octokitCompare),
/* harmony export */   Xs: () => (/* binding */ boundedOctokit),
/* harmony export */   pc: () => (/* binding */ redacted)
/* harmony export */ });
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(99373);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76803);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48992);



const COMMITS_PER_PAGE = 100;
/** A page of 300 files with their patches; anything larger is not an answer worth reading. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const silent = { debug: () => { }, info: () => { }, warn: () => { }, error: () => { } };
/**
 * Octokit, loaded on the first request. `@actions/github` parses GITHUB_EVENT_PATH as it loads
 * (its Context), and throws a bare SyntaxError on a file that is not JSON: by the first request,
 * the changed-files step has read and checked that file itself (runner/context.ts), and a
 * sitemap alone never loads it at all.
 */
const boundedOctokit = async (config) => {
    const { getOctokit } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(351)]).then(__webpack_require__.bind(__webpack_require__, 61351));
    // Octokit logs deprecation headers of the answer to the console: outside text, kept out.
    const octokit = getOctokit(config.token, {
        baseUrl: config.apiUrl,
        userAgent: config.userAgent,
        log: silent
    });
    // before-after-hook hands every wrapper the same options object: the fetch is set on it.
    octokit.hook.wrap('request', (request, options) => {
        options.request = {
            ...options.request,
            fetch: (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .boundedFetch */ .A)(options.request?.fetch ?? fetch, config.maxAnswerBytes ?? MAX_ANSWER_BYTES)
        };
        return request(options);
    });
    return octokit;
};
/**
 * An Octokit error with the token taken out of its message: GitHub's answer (or a proxy's) may
 * echo it, and the message goes on to the log, the summary and the annotation. The runner's mask
 * hides it in the log, but the action does not rely on it.
 */
const redacted = (error, token) => {
    if (!(error instanceof Error) || token === '' || !error.message.includes(token))
        return error;
    error.message = (0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .redactAll */ .$I)(error.message, [token]);
    return error;
};
/** The compare API through @actions/github's Octokit, with its proxy support and bounded answers. */
const octokitCompare = (config) => {
    let octokit;
    const [owner, repo] = config.repository.split('/');
    return async (basehead, page) => {
        const left = config.deadline - Date.now();
        if (left <= 0)
            throw Object.assign(new Error("the step's timeout ran out"), { status: 0 });
        octokit ??= boundedOctokit(config);
        try {
            const response = await (await octokit).request('GET /repos/{owner}/{repo}/compare/{basehead}', {
                owner: owner,
                repo: repo,
                basehead,
                per_page: COMMITS_PER_PAGE,
                page,
                request: {
                    signal: (0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .timeoutSignal */ ._)(Math.min(config.requestTimeoutMs, left))
                }
            });
            return { data: response.data, headers: response.headers };
        }
        catch (error) {
            throw redacted(error, config.token);
        }
    };
};


/***/ }),

/***/ 50114:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $9: () => (/* binding */ lastSuccessRange),
/* harmony export */   bV: () => (/* binding */ findLastSuccess),
/* harmony export */   xd: () => (/* binding */ rateLimited)
/* harmony export */ });
/* unused harmony export branchOf */
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(99373);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76803);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48992);
/* harmony import */ var _range_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(63495);
/* harmony import */ var _inputs_changed_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(91093);
/**
 * `changed: last-success`: compare from the commit of this workflow's most recent
 * successful run on this branch, so that what cancelled and failed runs in between changed is
 * purged too. The run's workflow comes from GITHUB_RUN_ID; its successful runs on the branch are
 * listed newest first. A run at the commit deployed (a re-run, this run) does not count. Every
 * answer is untrusted: each run listed is checked again (its workflow, conclusion, branch and
 * commit), as a server that ignored the filters would otherwise choose the start.
 */





const RUN_ID = /^[1-9]\d{0,14}$/;
/** Twenty runs a page (RUNS_PER_PAGE): the last ten pages are far more re-runs than happen. */
const MAX_PAGES = 10;
const MAX_RUNS_PER_PAGE = 100;
const RETRY_AFTER_MS = 1000;
const SERVER = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]+)*$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const TITLE = { title: 'Cloudflare purge' };
const headBranch = (ref) => typeof ref === 'string' && ref.startsWith('refs/heads/')
    ? ref.slice('refs/heads/'.length)
    : undefined;
/** The branch the run is on: a push's, a pull request's head, else GITHUB_REF's; undefined for a tag. */
const branchOf = (event, ref) => {
    const pull = event.name === 'pull_request' || event.name === 'pull_request_target';
    const branch = event.name === 'push'
        ? headBranch((0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .field */ .ZZ)(event.payload, 'ref'))
        : pull
            ? (0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .field */ .ZZ)(event.payload, 'pull_request', 'head', 'ref')
            : headBranch(ref);
    // What git allows in a branch name, and short: it goes into a query string and messages.
    return typeof branch === 'string' && /^[^\s\p{Cc}~^:?*[\\]{1,255}$/u.test(branch)
        ? branch
        : undefined;
};
/** Links to the run and the commit, built from our own checked parts, never from the answer. */
const links = (facts, id, sha) => {
    const server = facts.serverUrl === undefined ? undefined : (0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .trimEnd */ .s8)(facts.serverUrl, '/');
    if (server === undefined || !SERVER.test(server) || !REPOSITORY.test(facts.repository))
        return { runUrl: undefined, commitUrl: undefined };
    const base = `${server}/${facts.repository}`;
    return { runUrl: `${base}/actions/runs/${id}`, commitUrl: `${base}/commit/${sha}` };
};
/** A run of the list, or undefined when the entry is not one. */
const readRun = (entry) => {
    const id = (0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .field */ .ZZ)(entry, 'id');
    const sha = (0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .field */ .ZZ)(entry, 'head_sha');
    const number = (0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .field */ .ZZ)(entry, 'run_number');
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0)
        return undefined;
    if (typeof sha !== 'string' || !_inputs_changed_js__WEBPACK_IMPORTED_MODULE_4__/* .SHA */ .hG.test(sha))
        return undefined;
    return {
        id,
        sha,
        number: typeof number === 'number' && Number.isSafeInteger(number) ? number : id,
        branch: (0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .field */ .ZZ)(entry, 'head_branch'),
        conclusion: (0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .field */ .ZZ)(entry, 'conclusion'),
        workflowId: (0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .field */ .ZZ)(entry, 'workflow_id')
    };
};
/** Whether a 403 is GitHub's rate limit rather than a refusal of the token. */
const rateLimited = (error, message) => {
    const headers = error.response?.headers;
    return String(headers?.['x-ratelimit-remaining']) === '0' || /rate limit/i.test(message);
};
/** What a failed call means: GitHub refused the token Actions (403), or the runs are unknown. */
const describe = (error, what, token) => {
    const status = error.status;
    const message = (0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeLine */ .EH)((0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .redactAll */ .$I)(String(error.message ?? error), token === '' ? [] : [token]), 200);
    // Octokit gives a request that got no answer (refused, reset, timed out) status 500.
    const unanswered = status === 500 && error.response === undefined;
    if (typeof status !== 'number' || status === 0 || unanswered)
        return {
            unknown: `GitHub's Actions API could not be read for ${what}: ${message}`,
            expected: false
        };
    if (status === 403 && !rateLimited(error, message))
        return { forbidden: `GitHub answered HTTP 403 (${message}) for ${what}` };
    const hint = status === 404
        ? ': GitHub does not know it (or github_token cannot read the repository)'
        : status === 401 || status === 403
            ? ': github_token was refused (or the API rate limit was reached)'
            : '';
    return {
        unknown: `GitHub's Actions API answered HTTP ${status} (${message}) for ${what}${hint}`,
        expected: false
    };
};
/** 5xx answers and lost connections are tried once more; anything else is an answer. */
const retryable = (error) => {
    const status = error.status;
    if (error.cause instanceof _http_js__WEBPACK_IMPORTED_MODULE_1__/* .TooLarge */ .MF)
        return false;
    return typeof status !== 'number' || (status >= 500 && status !== 501);
};
/** One call, tried once more a second later when that may help and the deadline allows. */
const call = async (get, what, facts) => {
    try {
        return { answer: await get() };
    }
    catch (error) {
        if (!retryable(error) || Date.now() + RETRY_AFTER_MS >= facts.deadline)
            return describe(error, what, facts.token);
    }
    await _clock_js__WEBPACK_IMPORTED_MODULE_0__/* .realClock */ .dQ.sleep(RETRY_AFTER_MS);
    try {
        return { answer: await get() };
    }
    catch (again) {
        return describe(again, what, facts.token);
    }
};
/**
 * The commit of the most recent successful run of this run's workflow on its branch, other than
 * this run and runs at the commit deployed; or GitHub's 403; or why there is none.
 */
const findLastSuccess = async (api, facts) => {
    const where = whereThisRuns(facts);
    if ('unknown' in where)
        return where;
    const { runId } = where;
    const current = await call(() => api.run(runId), `run ${runId} (GITHUB_RUN_ID)`, facts);
    if (!('answer' in current))
        return current;
    const workflowId = (0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .field */ .ZZ)(current.answer.data, 'workflow_id');
    if (typeof workflowId !== 'number' || !Number.isSafeInteger(workflowId) || workflowId <= 0)
        return {
            unknown: `GitHub's answer for run ${runId} (GITHUB_RUN_ID) is not a workflow run with a workflow_id`,
            expected: false
        };
    return searchRuns(api, facts, { ...where, workflowId });
};
/** The commit deployed, the branch and the run: what the search needs, or why it cannot be made. */
const whereThisRuns = (facts) => {
    const deployed = (0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .findHead */ .mW)(facts.event);
    if ('unknown' in deployed)
        return deployed;
    const branch = branchOf(facts.event, facts.ref);
    if (branch === undefined)
        return {
            unknown: `last-success: this run is not on a branch (the ${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(facts.event.name || 'unknown', 40)} event, GITHUB_REF ${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(facts.ref ?? '', 80)}), so it has no earlier runs to compare with`,
            expected: true
        };
    const runId = facts.runId ?? '';
    if (!RUN_ID.test(runId))
        return {
            unknown: `last-success: GITHUB_RUN_ID (${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(runId, 40)}) is not a run ID, so this workflow's runs cannot be looked up`,
            expected: false
        };
    return { head: deployed.head, branch, runId };
};
/** The newest successful run of the workflow on the branch, not at the commit deployed. */
const searchRuns = async (api, facts, { head, branch, runId, workflowId }) => {
    const what = `the successful runs of workflow ${workflowId} on branch ${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(branch, 100)}`;
    let atHead = 0;
    for (let page = 1; page <= MAX_PAGES; page++) {
        const got = await call(() => api.successes(workflowId, branch, page), what, facts);
        if (!('answer' in got))
            return got;
        const list = (0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .field */ .ZZ)(got.answer.data, 'workflow_runs');
        if (!Array.isArray(list))
            return { unknown: `GitHub's answer for ${what} is not a list of runs`, expected: false };
        for (const entry of list.slice(0, MAX_RUNS_PER_PAGE)) {
            const run = readRun(entry);
            if (run === undefined || run.workflowId !== workflowId)
                continue;
            if (run.conclusion !== 'success' || run.branch !== branch)
                continue;
            if (run.id === Number(runId) || (run.sha === head && facts.sameCommit !== true)) {
                atHead++;
                continue;
            }
            const since = {
                id: run.id,
                number: run.number,
                sha: run.sha,
                branch,
                ...links(facts, run.id, run.sha)
            };
            return { base: run.sha, head, since };
        }
        if (list.length === 0 || !/rel="next"/.test(String(got.answer.headers.link ?? '')))
            break;
        if (page === MAX_PAGES)
            return {
                unknown: `last-success: the ${atHead} most recent successful runs of this workflow on branch ${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(branch, 100)} all ran at ${(0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .shortSha */ .Fu)(head)}, the commit deployed, and no older one is looked for`,
                expected: true
            };
    }
    return {
        unknown: `last-success: this workflow has no earlier successful run on branch ${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(branch, 100)}${atHead > 0 ? ` (${atHead} at ${(0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .shortSha */ .Fu)(head)}, the commit deployed, do not count)` : ''}, so there is no deploy to compare with`,
        expected: true
    };
};
/**
 * The range from the last successful run's commit to the commit deployed, noted in `found` and
 * logged with a link to the run. When GitHub refuses the token the runs (403: the job lacks
 * `actions: read`), a warning that names the permission, and the event's own range instead.
 */
const lastSuccessRange = async (api, facts, found, log) => {
    const result = await findLastSuccess(api, facts);
    if ('forbidden' in result) {
        const own = (0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .findRange */ .pj)(facts.event, undefined);
        const whose = facts.event.name === 'push' ? "the push's" : "the event's";
        const instead = 'unknown' in own
            ? `${whose} own range cannot be used either`
            : `Comparing ${whose} own range, ${(0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .shortSha */ .Fu)(own.base)}...${(0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .shortSha */ .Fu)(own.head)}, instead: the changes of cancelled or failed runs before it are not purged`;
        const text = `changed: last-success needs the job permission "actions: read" to list this workflow's runs (${result.forbidden}); add "actions: read" to the workflow's permissions block. ${instead}.`;
        found.sinceWarning = text;
        log.warning(text, { ...TITLE, shown: true });
        return own;
    }
    if ('unknown' in result)
        return result;
    const { since } = result;
    found.since = since;
    log.info(`changed: last-success: comparing from ${(0,_range_js__WEBPACK_IMPORTED_MODULE_3__/* .shortSha */ .Fu)(since.sha)}, the commit of run #${since.number}, the last successful run of this workflow on branch ${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(since.branch, 100)}${since.runUrl === undefined ? '' : ` (${since.runUrl})`}.`);
    return { base: result.base, head: result.head };
};


/***/ }),

/***/ 63495:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fu: () => (/* binding */ shortSha),
/* harmony export */   ZZ: () => (/* binding */ field),
/* harmony export */   mW: () => (/* binding */ findHead),
/* harmony export */   pj: () => (/* binding */ findRange)
/* harmony export */ });
/* harmony import */ var _inputs_changed_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(91093);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48992);


const ZEROS = /^0{40}$/;
/** A full SHA in its 7-character form, for messages; anything else as it is. */
const shortSha = (sha) => (_inputs_changed_js__WEBPACK_IMPORTED_MODULE_0__/* .SHA */ .hG.test(sha) ? sha.slice(0, 7) : sha);
/** The value at `path` in an untrusted object, or undefined. */
const field = (value, ...path) => path.reduce((at, key) => at !== null && typeof at === 'object' ? at[key] : undefined, value);
const shaOf = (value) => typeof value === 'string' && _inputs_changed_js__WEBPACK_IMPORTED_MODULE_0__/* .SHA */ .hG.test(value) ? value : undefined;
/** A push's range: from its `before`, unless the push created the branch or was forced. */
const pushRange = (payload, head) => {
    const before = field(payload, 'before');
    if ((typeof before === 'string' && ZEROS.test(before)) || field(payload, 'created') === true)
        return {
            unknown: `the push created the branch (its "before" is all zeros): there is no earlier commit of it to compare ${shortSha(head)} with`,
            expected: true
        };
    if (field(payload, 'forced') === true)
        return {
            unknown: `the push was forced: its "before" (${shortSha(String(before))}) may not be an ancestor of ${shortSha(head)}, so the files that changed cannot be known`,
            expected: true
        };
    const base = shaOf(before);
    if (base === undefined)
        return { unknown: 'the push event has no valid "before" commit SHA', expected: false };
    return { base, head };
};
const isPull = (name) => name === 'pull_request' || name === 'pull_request_target';
/** The commit deployed: a push's `after`, a pull request's head, else GITHUB_SHA. */
const findHead = (event) => {
    const { payload, name } = event;
    const pull = isPull(name);
    const headField = name === 'push' ? field(payload, 'after') : field(payload, 'pull_request', 'head', 'sha');
    const head = shaOf(headField) ?? (pull || name === 'push' ? undefined : shaOf(event.sha));
    if (head === undefined)
        return {
            unknown: `the commit deployed is not known: ${pull ? 'the event payload has no pull_request.head.sha' : name === 'push' ? 'the push event has no valid "after"' : 'GITHUB_SHA is not a commit SHA'}`,
            expected: false
        };
    if (name === 'push' && (ZEROS.test(head) || field(payload, 'deleted') === true))
        return { unknown: 'the push deleted the branch', expected: true };
    return { head };
};
/**
 * The commits to compare: the ref `changed` names (or the push's `before`, or the pull request's base)
 * to the commit deployed. Says why when the event gives no range that can be trusted.
 */
const findRange = (event, since) => {
    const { payload, name } = event;
    const found = findHead(event);
    if ('unknown' in found)
        return found;
    const { head } = found;
    if (since !== undefined)
        return { base: since, head };
    if (name === 'push')
        return pushRange(payload, head);
    if (isPull(name)) {
        const base = shaOf(field(payload, 'pull_request', 'base', 'sha'));
        if (base === undefined)
            return { unknown: 'the event payload has no valid pull_request.base.sha', expected: false };
        return { base, head };
    }
    return {
        unknown: `the ${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(name || 'unknown', 40)} event carries no range of commits: set changed to last-success, or to the commit or tag to compare from`,
        expected: true
    };
};


/***/ }),

/***/ 25582:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   keepManifestStage: () => (/* binding */ keepManifestStage)
/* harmony export */ });
/* harmony import */ var _sources_build_artifact_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87157);
/* harmony import */ var _report_markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(54285);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48992);
/* harmony import */ var _stage_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(57389);
/**
 * `changed: build`, after the purge: this build's manifest kept as an artifact of the run, so the
 * next run compares with it. Only when the step succeeded and is not a dry run: a run whose purge
 * failed keeps nothing, and the next run still compares with the last build really purged.
 */




/** Time the upload has at least, even when `timeout` is spent: a manifest not kept costs more. */
const MIN_UPLOAD_MS = 30_000;
const TITLE = { title: 'Cloudflare purge' };
const keepManifestStage = async (run, state) => {
    const files = state.builtTree;
    const name = `the artifact "${_sources_build_artifact_js__WEBPACK_IMPORTED_MODULE_0__/* .MANIFEST_ARTIFACT */ .LG}"`;
    if (state.inputs.dryRun) {
        run.log.info(`Dry run: this build's manifest is not kept as ${name}.`);
        return state;
    }
    if ((0,_stage_js__WEBPACK_IMPORTED_MODULE_3__/* .failing */ .Jr)(state)) {
        run.log.info(`This build's manifest is not kept, as the step failed: the next run compares with the last successful run's.`);
        return state;
    }
    const leftMs = Math.max(MIN_UPLOAD_MS, (0,_stage_js__WEBPACK_IMPORTED_MODULE_3__/* .deadlineOf */ .G0)(state) - run.clock.now());
    // @actions/artifact logs each step of its upload: in a group of their own.
    const stored = await run.log.group(`Keeping this build's manifest as ${name}`, () => (0,_sources_build_artifact_js__WEBPACK_IMPORTED_MODULE_0__/* .storeManifest */ .$W)({ createdAt: new Date().toISOString(), commit: run.ctx.sha, files }, { deadline: Date.now() + leftMs, signal: run.signal }));
    if (stored.stored) {
        const text = `Kept this build's manifest (${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .count */ .U9)(files.size)} file(s)) as ${name} of this run: the next run with changed: build compares with it.`;
        run.log.info(text);
        return (0,_stage_js__WEBPACK_IMPORTED_MODULE_3__/* .withAmendment */ .eI)(state, { section: { body: text } });
    }
    const [before, after] = [
        `This build's manifest was not kept as ${name}:`,
        'The next run with changed: build cannot compare with this one and uses changed_fallback.'
    ];
    run.log.warning(`${before} ${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeLine */ .EH)(stored.detail, 300)}. ${after}`, {
        ...TITLE,
        shown: true
    });
    const body = `⚠️ ${before} ${(0,_report_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(stored.detail)}. ${after}`;
    const next = (0,_stage_js__WEBPACK_IMPORTED_MODULE_3__/* .withAmendment */ .eI)(state, { section: { body }, warning: true });
    return stored.abandoned === true ? { ...next, abandoned: true } : next;
};


/***/ })

};
