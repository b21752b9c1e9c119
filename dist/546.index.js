export const id = 546;
export const ids = [546];
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

/***/ 546:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  changesStage: () => (/* binding */ changesStage)
});

// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(48992);
;// CONCATENATED MODULE: ./src/sources/found.ts

/** "3 changed, 1 added, 1 removed, 120 unchanged": a build compared with the last one kept. */
const buildCounts = (build) => `${(0,src_text/* count */.U9)(build.changed)} changed, ${(0,src_text/* count */.U9)(build.added)} added, ${(0,src_text/* count */.U9)(build.removed)} removed, ${(0,src_text/* count */.U9)(build.unchanged)} unchanged`;

// EXTERNAL MODULE: ./src/sources/range.ts
var sources_range = __webpack_require__(63495);
// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(54285);
// EXTERNAL MODULE: ./src/inputs/changed-rules.ts + 1 modules
var changed_rules = __webpack_require__(50754);
;// CONCATENATED MODULE: ./src/report/changes-since.ts
/**
 * The parts of the changed-files summary that issue 19 added: where the comparison started (the
 * last successful run, with links), how the range's ends relate (a rollback, a diverged history),
 * and, per file, the changed_rules rule that matched. Outside text goes in code spans or cells.
 */




/** Only links we built (GITHUB_SERVER_URL, the repository, numbers and hex) are linked. */
const LINK = /^https?:\/\/[A-Za-z0-9._~:/-]+$/;
const changes_since_link = (url, text) => url !== undefined && LINK.test(url) ? `<a href="${url}">${text}</a>` : text;
/** The run and commit compared from, or why it is not the last successful run's. */
const sinceBlock = (found) => {
    if (found.sinceWarning !== undefined)
        return { body: `⚠️ ${(0,markdown/* code */.aY)(found.sinceWarning)}` };
    const since = found.since;
    if (since === undefined)
        return undefined;
    return {
        body: `Compared from run ${changes_since_link(since.runUrl, `#${since.number}`)} at commit ${changes_since_link(since.commitUrl, `<code>${(0,sources_range/* shortSha */.Fu)(since.sha)}</code>`)}: the last successful run of this workflow on branch ${(0,markdown/* code */.aY)(since.branch)} (${found.build === undefined ? '`changed: last-success`' : '`changed: build`, with the build it kept'}).`
    };
};
/** A line under the table: a rollback or diverged range, a rule that purged everything. */
const rangeNotes = (found) => {
    const notes = [];
    const range = found.range;
    if (range?.status !== undefined) {
        const [base, head] = [(0,markdown/* code */.aY)((0,sources_range/* shortSha */.Fu)(range.base)), (0,markdown/* code */.aY)((0,sources_range/* shortSha */.Fu)(range.head))];
        notes.push(range.status === 'behind'
            ? `${head} is older than ${base} (a rollback): the files listed are those of ${head}...${base}, every file that differs between them.`
            : `${base} and ${head} have diverged: the files listed are those of both directions, every file that differs between them.`);
    }
    if (found.everything !== undefined)
        notes.push(`changed_rules line ${found.everything.line} matched ${(0,markdown/* code */.aY)(found.everything.path)}: everything in the zone was purged, and nothing else.`);
    return notes.map((note) => `\n\n${note}`).join('');
};
const RULED_HEADER = (0,markdown/* tableHead */.PP)(['File', 'Change', 'Rule', 'Purged']);
/** A row of the table with the rule column: the rule that matched the file, and what it purged. */
const ruledRow = (row) => {
    const rule = row.rule;
    const purged = rule !== undefined
        ? (0,changed_rules/* ruleTargets */.pL)(rule)
            .map((target) => (0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(target, 400)))
            .join('<br>')
        : row.ignored === undefined
            ? row.urls.map((url) => (0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(url, 400))).join('<br>')
            : `not purged: ${row.ignored}`;
    const ruleCell = rule === undefined ? 'none' : `line ${rule.line}: ${(0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(rule.text, 300))}`;
    return (0,markdown/* tableRow */.jD)([
        (0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(row.path, 300)),
        (0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(row.change, 320)),
        ruleCell,
        purged
    ]);
};

;// CONCATENATED MODULE: ./src/report/changes.ts
/**
 * The job summary's account of what `changed` and `sitemap` found: a table of the changed files
 * and their URLs, or the fallback used and why, and what the sitemap gave. Outside text (paths,
 * URLs, GitHub's messages) goes in code spans or cells, never raw.
 */





const fallbackSection = ({ rule, prefix, reason, expected }) => ({
    heading: `${expected === true ? 'ℹ️' : '⚠️'} Changed files: fallback used`,
    body: `${(0,markdown/* code */.aY)(reason)}.\n\nchanged_fallback is <b>${rule}</b>: ${rule === 'prefix' ? `purged the prefix ${(0,markdown/* code */.aY)(prefix)} (site_url)` : rule === 'everything' ? 'purged everything in the zone' : 'nothing was purged'}.`
});
const fileRow = (row) => (0,markdown/* tableRow */.jD)([
    (0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(row.path, 300)),
    (0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(row.change, 320)),
    row.ignored === undefined
        ? row.urls.map((url) => (0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(url, 400))).join('<br>')
        : `not purged: ${row.ignored}`
]);
/** What the files changed between: two commits, or this build and the one a run kept. */
const headingOf = (found) => found.build !== undefined && found.since !== undefined
    ? `Built files changed since run #${found.since.number}`
    : `Changed files between ${(0,markdown/* code */.aY)((0,sources_range/* shortSha */.Fu)(found.range?.base ?? ''))} and ${(0,markdown/* code */.aY)((0,sources_range/* shortSha */.Fu)(found.range?.head ?? ''))}`;
/** The build's counts, with changed: build. */
const builtNote = ({ build }) => build === undefined
    ? ''
    : `\n\nThe built site has ${(0,src_text/* count */.U9)(build.files)} file(s): ${buildCounts(build)}${build.skipped > 0 ? `; ${(0,src_text/* count */.U9)(build.skipped)} symbolic link(s) or special file(s) not hashed` : ''}.`;
/** The table of changed files: the first rows to go when the summary is over GitHub's limit. */
const rangeSection = (found) => {
    const { rows } = found;
    const heading = headingOf(found);
    if (rows.length === 0)
        return {
            heading,
            body: `No ${found.build === undefined ? '' : 'built '}file changed.${builtNote(found)}${rangeNotes(found)}`
        };
    const ruledTable = found.rules === true;
    const purged = rows.filter((row) => row.ignored === undefined && row.rule === undefined);
    let after = `${purged.length} of ${rows.length} file(s) map to URLs under site_url.`;
    const ruled = rows.filter((row) => row.rule !== undefined && row.ignored === undefined).length;
    const skipped = rows.filter((row) => row.rule?.skip === true).length;
    const byRule = [
        ...(ruled > 0 ? [`${ruled} purge what their changed_rules rule names`] : []),
        ...(skipped > 0 ? [`${skipped} skipped by a rule`] : [])
    ];
    if (ruledTable && byRule.length > 0)
        after += ` ${byRule.join('; ')}.`;
    after += builtNote(found) + rangeNotes(found);
    return {
        heading,
        body: '',
        rows: {
            head: ruledTable ? RULED_HEADER : (0,markdown/* tableHead */.PP)(['File', 'Change', 'URLs purged']),
            rows: rows.map((row) => ({
                text: ruledTable ? ruledRow(row) : fileRow(row),
                rank: 'listing'
            })),
            noun: 'file(s)',
            where: 'the log'
        },
        after
    };
};
const SHOWN_REFUSED = 50;
/** Changed files of which no valid URL could be made: not purged, and listed first. */
const refusedSection = (rows) => {
    const refused = rows.filter((row) => row.refused === true);
    if (refused.length === 0)
        return undefined;
    // Not purged: the last rows the size limit gives up.
    return {
        heading: `⚠️ Changed files not purged: ${refused.length}`,
        body: 'No valid URL can be made of these changed files, so they were not purged:',
        rows: {
            rows: refused.map((row) => ({
                text: `- ${(0,markdown/* code */.aY)((0,src_text/* escapeLine */.EH)(row.path, 300))}: ${(0,markdown/* code */.aY)((0,src_text/* escapeLine */.EH)(row.ignored ?? '', 400))}`,
                rank: 'unpurged'
            })),
            noun: 'file(s)',
            where: 'the log',
            limit: SHOWN_REFUSED
        }
    };
};
const sitemapSection = ({ source, urls, documents }) => ({
    body: `Sitemap ${(0,markdown/* code */.aY)((0,src_text/* escapeLine */.EH)(source, 300))}: ${urls} URL(s) from ${documents} sitemap file(s).`
});
const unreadSection = (failure) => ({
    heading: '❌ Sitemap not read',
    body: `${(0,markdown/* code */.aY)(failure)}.\n\nNone of its URLs were purged. The rest of the run went on without them, and the step fails so that this is not missed: run it again once the sitemap can be read.`
});
/** The summary's sections on the change set and the sitemap; none when neither found anything. */
const changedSections = (found) => {
    const sections = [];
    if (found.fallback !== undefined)
        sections.push(fallbackSection(found.fallback));
    else if (found.range !== undefined || found.build !== undefined) {
        const refused = refusedSection(found.rows);
        if (refused !== undefined)
            sections.push(refused);
        sections.push(rangeSection(found));
    }
    const since = sinceBlock(found);
    if (since !== undefined)
        sections.push(since);
    if (found.sitemap !== undefined)
        sections.push(sitemapSection(found.sitemap));
    if (found.sitemapFailure !== undefined)
        sections.push(unreadSection(found.sitemapFailure));
    return sections;
};
/**
 * The step's report with what `changed` and `sitemap` found: their sections, and, when the sitemap
 * could not be read, a failed step that says so even though the other items were purged.
 */
const changesAmendments = (found, dryRun) => {
    const sections = changedSections(found).map((section) => ({ section }));
    if (found.sitemapFailure === undefined)
        return sections;
    const rest = dryRun
        ? 'the dry run went on without them'
        : 'the other items were, as the job summary says';
    const message = `${found.sitemapFailure}. None of its URLs were purged; ${rest}.`;
    return [
        ...sections,
        { failure: { message, title: 'Sitemap not read', titled: 'the sitemap was not read' } }
    ];
};

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/clock.ts
var src_clock = __webpack_require__(99373);
// EXTERNAL MODULE: ./src/model.ts
var model = __webpack_require__(10182);
// EXTERNAL MODULE: ./src/inputs/rules.ts
var rules = __webpack_require__(98190);
;// CONCATENATED MODULE: ./src/sources/site-paths.ts


const INDEX = 'index.html';
// RFC 3986 pchar: unreserved, sub-delims, ":" and "@" stay as they are; everything else, "%"
// included, is percent-encoded as UTF-8. What a browser sends for a link to the file, and a form
// the WHATWG URL parser leaves unchanged.
const PCHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;
/** One path segment as it appears in a URL. */
const encodeSegment = (segment) => {
    let out = '';
    for (const char of segment)
        out += PCHAR.test(char)
            ? char
            : [...Buffer.from(char, 'utf8')]
                .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
                .join('');
    return out;
};
const encodePath = (path) => path.split('/').map(encodeSegment).join('/');
/** The path relative to `dir`, or undefined when it is not inside. */
const relativeTo = (path, dir) => {
    if (dir === '')
        return path;
    return path.startsWith(`${dir}/`) && path.length > dir.length + 1
        ? path.slice(dir.length + 1)
        : undefined;
};
/**
 * The URLs one file is served at: `a/b.css` as itself; `a/index.html` also as its folder `a/`;
 * `a/b.html` also as `a/b`, as the hosts that serve pages without their extension serve it (a
 * purge of a URL nothing cached costs nothing, and a page left stale costs a visitor).
 */
const urlsOf = (path, mapping) => {
    const pathIssue = pathProblem(path);
    if (pathIssue !== undefined)
        return { refused: pathIssue };
    const rest = relativeTo(path, mapping.dir);
    if (rest === undefined)
        return { ignored: 'outside site_dir' };
    const encoded = encodePath(rest);
    const urls = [];
    const slash = rest.lastIndexOf('/');
    const name = rest.slice(slash + 1);
    if (name === INDEX)
        urls.push(mapping.siteUrl + encodePath(rest.slice(0, slash + 1)));
    urls.push(mapping.siteUrl + encoded);
    if (name !== INDEX && name.endsWith('.html') && name !== '.html')
        urls.push(mapping.siteUrl + encoded.slice(0, -'.html'.length));
    for (const url of urls) {
        const problem = builtUrlProblem(url, mapping.siteUrl);
        if (problem !== undefined)
            return { refused: problem };
    }
    return { urls };
};
/**
 * Why a repository path is no file's path, or undefined. Git stores no empty, "." or ".." folder
 * name: a compare answer that lists one is not to be trusted, and a URL made of it would resolve
 * elsewhere (`public/../../admin/x.html` is purged as `/admin/x.html`, outside site_url).
 */
const pathProblem = (path) => {
    if (path.split('/').some((part) => part === '' || part === '.' || part === '..'))
        return 'its path has an empty, "." or ".." folder name, which git never stores';
    if (/\p{Cs}/u.test(path))
        return 'its path is not valid Unicode text (a lone surrogate)';
    return undefined;
};
/**
 * A URL made from a path goes through the checks of a URL given in `urls`, and must stay under
 * site_url once parsed. A "*" is refused, not encoded: `%2A` is another cache key than the `*` a
 * browser sends for a link to the file, so purging it would say "purged" and leave the page.
 */
const builtUrlProblem = (url, siteUrl) => {
    if (url.slice(siteUrl.length).includes('*'))
        return 'its name has a "*": Cloudflare purges URLs without wildcards, and the "%2A" form is another cache key, so it cannot be purged by URL (purge its folder with prefixes)';
    const problem = (0,rules/* urlProblem */.rn)(url);
    if (problem !== undefined)
        return `its URL ${(0,src_text/* quote */.hD)(url, 200)} ${problem}`;
    if (!new URL(url).href.startsWith(siteUrl))
        return `its URL ${(0,src_text/* quote */.hD)(url, 200)} does not stay under site_url once parsed`;
    return undefined;
};

;// CONCATENATED MODULE: ./src/sources/map-files.ts

/** Each file of the change set with its URLs; a rename gives a row for each name. */
const mapFiles = (files, mapping) => files.flatMap((file) => {
    const row = (path, change) => {
        const mapped = urlsOf(path, mapping);
        if ('urls' in mapped)
            return { path, change, urls: mapped.urls };
        if ('refused' in mapped)
            return { path, change, urls: [], ignored: mapped.refused, refused: true };
        return { path, change, urls: [], ignored: mapped.ignored };
    };
    if (file.status === 'unchanged')
        return [];
    if (file.previous !== undefined)
        return [
            row(file.previous, `renamed to ${file.path}`),
            row(file.path, `renamed from ${file.previous}`)
        ];
    return [row(file.path, file.status)];
});

;// CONCATENATED MODULE: ./src/sources/apply-rules.ts







/** The row of a file a rule matched: its URLs are the rule's, with its own for `urls`, or none. */
const ruled = (row, rule) => ({
    // Its own URLs, and why none could be made of it, count only when the rule asks for them.
    ...(rule.own ? row : { path: row.path, change: row.change }),
    urls: [
        ...(rule.own ? row.urls : []),
        ...rule.items.files.filter((url) => typeof url === 'string')
    ],
    ...(rule.skip ? { ignored: `skipped by changed_rules line ${rule.line}` } : {}),
    rule
});
/**
 * The matching is done in slices of this much time at most: between two, the event loop runs,
 * so that a SIGINT or SIGTERM is heard (and main's race on the cancel answers) and the deadline
 * is checked, within a fraction of a second whatever the number of files and rules.
 */
const SLICE_MS = 25;
const slicer = (pace, total) => {
    const clock = pace.clock ?? src_clock/* epochClock */.Eh;
    const started = clock.now();
    let end = started + SLICE_MS;
    return {
        due: () => clock.now() >= end,
        pause: async (done) => {
            await new Promise((resolve) => setImmediate(resolve));
            if (pace.signal?.aborted === true)
                throw pace.signal.reason;
            const now = clock.now();
            if (now >= pace.deadline)
                throw new errors/* TimeoutError */.MU(`Timed out matching the changed files against changed_rules: the timeout ran out after ${(0,src_text/* seconds */.YA)(now - started)} s, with ${done} of ${total} file(s) matched; nothing was purged`);
            end = now + SLICE_MS;
        }
    };
};
/** The first rule whose glob matches the row's path (relative to site_dir), pausing when due. */
const firstRule = async (row, changed, slice, done) => {
    const rest = relativeTo(row.path, changed.mapping.dir);
    if (rest === undefined)
        return undefined;
    for (const rule of changed.rules) {
        if (rule.glob.test(rest))
            return rule;
        if (slice.due())
            await slice.pause(done);
    }
    return undefined;
};
/**
 * Each changed file with what it purges, and all of that together. The globs are tested file by
 * file and rule by rule, in slices (SLICE_MS): a cancel or the deadline stops it, with the
 * signal's reason or a TimeoutError, however many files and rules there are.
 */
const applyRules = async (files, changed, pace) => {
    const rows = [];
    const slice = slicer(pace, files.length);
    for (const [done, file] of files.entries()) {
        for (const row of mapFiles([file], changed.mapping)) {
            const rule = changed.rules.length === 0 ? undefined : await firstRule(row, changed, slice, done);
            rows.push(rule === undefined ? row : ruled(row, rule));
        }
        if (slice.due())
            await slice.pause(done + 1);
    }
    return gathered(rows);
};
/** What the rows purge together, each item once, and the first that purges everything. */
const gathered = (rows) => {
    const unique = (list) => [...new Set(list)];
    const named = rows.flatMap((row) => (row.rule === undefined ? [] : [row.rule.items]));
    const items = {
        files: unique(rows.flatMap((row) => row.urls)),
        tags: unique(named.flatMap((i) => i.tags)),
        hosts: unique(named.flatMap((i) => i.hosts)),
        prefixes: unique(named.flatMap((i) => i.prefixes))
    };
    const first = rows.find((row) => row.rule?.everything === true);
    return first === undefined
        ? { rows, items }
        : { rows, items, everything: { path: first.path, line: first.rule.line } };
};
/** "3 URL(s)", "3 URL(s), 1 tag, 1 prefix", or "everything (changed_rules line 4)". */
const purgeSummary = ({ items, everything }) => {
    if (everything !== undefined)
        return `everything (changed_rules line ${everything.line})`;
    const others = ['tags', 'prefixes', 'hosts']
        .filter((kind) => items[kind].length > 0)
        .map((kind) => (0,model/* countLabel */.Qk)(kind, items[kind].length));
    return [`${items.files.length} URL(s)`, ...others].join(', ');
};
/** A ruled file's log entry: the rule, then what it purges, one per line. */
const ruleLog = (head, rule) => `${head}  (changed_rules line ${rule.line}: ${(0,src_text/* escapeLine */.EH)(rule.text, 300)})\n${(0,changed_rules/* ruleTargets */.pL)(rule)
    .map((target) => `         -> ${(0,src_text/* escapeLine */.EH)(target, 400)}`)
    .join('\n')}`;
/** Why rows that changed purge nothing: none was under site_dir, or each was left out. */
const nothingChanged = (rows) => rows.some((row) => row.ignored !== 'outside site_dir')
    ? 'no changed file under site_dir is purged (each is skipped by changed_rules)'
    : 'no file under site_dir changed';

// EXTERNAL MODULE: ./src/http.ts
var http = __webpack_require__(76803);
;// CONCATENATED MODULE: ./src/sources/compare.ts
/**
 * The files of a comparison of two commits, read page by page from GitHub's compare API, or why
 * the set cannot be known in full. Every answer is untrusted: its shape and sizes are checked.
 */




/** GitHub lists at most 3,000 files of a comparison; past that the change set is incomplete. */
const MAX_COMPARE_FILES = 3000;
/** The most files GitHub lists on one page of a comparison. */
const FILES_PER_PAGE = 300;
/** Enough pages for 3,000 files even at 100 a page; a bound against an endless `next`. */
const MAX_PAGES = 30;
const MAX_PATH_CHARS = 4096;
const RETRY_AFTER_MS = 1000;
const STATUSES = new Set([
    'added',
    'modified',
    'removed',
    'renamed',
    'copied',
    'changed',
    'unchanged'
]);
const pathOf = (value) => typeof value === 'string' && value !== '' && value.length <= MAX_PATH_CHARS ? value : undefined;
/** A file entry of the answer, or undefined when it is not one. */
const readFile = (entry) => {
    const path = pathOf((0,sources_range/* field */.ZZ)(entry, 'filename'));
    const status = (0,sources_range/* field */.ZZ)(entry, 'status');
    if (path === undefined || typeof status !== 'string')
        return undefined;
    // A status GitHub may add later is purged like a modification.
    const file = { path, status: STATUSES.has(status) ? status : 'changed' };
    const previous = pathOf((0,sources_range/* field */.ZZ)(entry, 'previous_filename'));
    if (status === 'renamed' && previous !== undefined)
        file.previous = previous;
    return file;
};
const describeError = (error, basehead) => {
    const status = error.status;
    const message = (0,src_text/* escapeLine */.EH)(error.message ?? String(error), 200);
    if (typeof status !== 'number' ||
        status === 0 ||
        (status === 500 && error.response === undefined))
        return `GitHub's compare API could not be read for ${basehead}: ${message}`;
    const hint = status === 404
        ? ': GitHub does not know one of the commits (or github_token cannot read the repository)'
        : status === 401 || status === 403
            ? ': github_token needs contents: read (or the API rate limit was reached)'
            : '';
    return `GitHub's compare API answered HTTP ${status} (${message}) for ${basehead}${hint}`;
};
/** 5xx answers and lost connections are tried once more; anything else is an answer. */
const retryable = (error) => {
    const status = error.status;
    if (error.cause instanceof http/* TooLarge */.MF)
        return false;
    return typeof status !== 'number' || (status >= 500 && status !== 501);
};
const unknownOf = (error, shown) => ({
    unknown: describeError(error, shown),
    ...(error.status === 404 ? { missing: true } : {})
});
/** One page, tried once more a second later when that may help and the deadline allows. */
const getPage = async (get, basehead, page, deadline, shown) => {
    try {
        return { answer: await get(basehead, page) };
    }
    catch (error) {
        if (!retryable(error) || Date.now() + RETRY_AFTER_MS >= deadline)
            return unknownOf(error, shown);
    }
    await src_clock/* realClock */.dQ.sleep(RETRY_AFTER_MS);
    try {
        return { answer: await get(basehead, page) };
    }
    catch (again) {
        return unknownOf(again, shown);
    }
};
/** The comparison's status, from its first page, or why the answer cannot be used. */
const firstPage = (data, shown) => {
    const status = (0,sources_range/* field */.ZZ)(data, 'status');
    if (typeof status !== 'string' || !Array.isArray((0,sources_range/* field */.ZZ)(data, 'files')))
        return { unknown: `GitHub's compare API gave an answer for ${shown} that is not a comparison` };
    return { status };
};
/**
 * Every file of the comparison, or why the set cannot be known in full. Reads pages until one
 * adds no file, GitHub says there is no next page and the last page was not full, or the bound.
 */
const compareFiles = async (get, range, deadline) => {
    const basehead = `${range.base}...${range.head}`;
    const shown = `${(0,sources_range/* shortSha */.Fu)(range.base)}...${(0,sources_range/* shortSha */.Fu)(range.head)}`;
    const files = new Map();
    let compareStatus = '';
    let lastFull = false;
    for (let page = 1;; page++) {
        const got = await getPage(get, basehead, page, deadline, shown);
        if ('unknown' in got)
            return got;
        const { answer } = got;
        if (page === 1) {
            const first = firstPage(answer.data, shown);
            if ('unknown' in first)
                return first;
            compareStatus = first.status;
        }
        const list = (0,sources_range/* field */.ZZ)(answer.data, 'files');
        const entries = Array.isArray(list) ? list : [];
        const before = files.size;
        for (const entry of entries.slice(0, MAX_COMPARE_FILES)) {
            const file = readFile(entry);
            if (file === undefined)
                return { unknown: `GitHub's compare API listed a file entry for ${shown} that is not one` };
            files.set(`${file.status}\n${file.path}\n${file.previous ?? ''}`, file);
        }
        if (files.size >= MAX_COMPARE_FILES)
            return {
                unknown: `the comparison ${shown} lists ${MAX_COMPARE_FILES.toLocaleString('en-US')} files, the most GitHub's compare API lists: more may have changed`
            };
        if (page > 1 && files.size === before)
            break;
        lastFull = entries.length >= FILES_PER_PAGE;
        const next = /rel="next"/.test(String(answer.headers.link ?? ''));
        if (!next && !lastFull)
            break;
        if (page >= MAX_PAGES)
            return { unknown: `the comparison ${shown} has more than ${MAX_PAGES} pages` };
    }
    if (lastFull)
        return {
            unknown: `GitHub listed ${files.size.toLocaleString('en-US')} files for ${shown}, a full page, and no more: the comparison may have more files than GitHub lists`
        };
    return { files: [...files.values()], status: compareStatus };
};

;// CONCATENATED MODULE: ./src/sources/both-ways.ts
/**
 * The files that differ between two commits, whichever way history went. GitHub's compare API
 * diffs `base...head` from their merge base: when head is behind base (a rollback) it lists no
 * file, and when they diverged (a force push) it lists only head's side. The files that differ
 * are then those of both directions, `base...head` and `head...base`: their union holds every
 * file whose content differs between the two commits (a file the same in both as in the merge
 * base is the same in both).
 */



const both_ways_STATUSES = new Set(['ahead', 'identical', 'behind', 'diverged']);
/**
 * A file of `head...base` as a change from base to head: what that side added, head does not
 * have, what it removed, head has; a rename is undone.
 */
const reversed = (file) => {
    if (file.status === 'added' || file.status === 'copied')
        return { path: file.path, status: 'removed' };
    if (file.status === 'removed')
        return { path: file.path, status: 'added' };
    if (file.previous !== undefined)
        return { path: file.previous, status: 'renamed', previous: file.path };
    return file;
};
/** Both lists, each path once: base...head's files first, then what only head...base adds. */
const union = (forward, backward) => {
    const seen = new Set(forward.flatMap((file) => [file.path, file.previous ?? file.path]));
    const more = backward
        .map(reversed)
        .filter((file) => !seen.has(file.path) || !seen.has(file.previous ?? file.path));
    return [...forward, ...more];
};
/**
 * The files that differ between `range.base` and `range.head`, or why that cannot be known
 * (`missing` when GitHub does not know a commit of the range: only the first comparison says
 * so). Never "nothing" for commits GitHub says differ: when neither direction lists a file, the
 * change set is unknown.
 */
const filesBetween = async (get, range, deadline) => {
    const shown = `${(0,sources_range/* shortSha */.Fu)(range.base)}...${(0,sources_range/* shortSha */.Fu)(range.head)}`;
    const forward = await compareFiles(get, range, deadline);
    if ('unknown' in forward)
        return forward;
    const status = forward.status;
    if (!both_ways_STATUSES.has(status))
        return {
            unknown: `GitHub compares ${shown} as "${(0,src_text/* escapeLine */.EH)(status, 20)}", which says neither whether nor how they differ`
        };
    let files = forward.files;
    if (status === 'behind' || status === 'diverged') {
        const backward = await compareFiles(get, { base: range.head, head: range.base }, deadline);
        if ('unknown' in backward)
            return { unknown: backward.unknown };
        files = union(forward.files, backward.files);
    }
    if (files.length === 0 && status !== 'identical')
        return {
            unknown: `GitHub compares ${shown} as "${status}" but lists no file that differs, in either direction: the files that changed cannot be known`
        };
    return { files, status: status };
};

// EXTERNAL MODULE: ./src/sources/github.ts
var sources_github = __webpack_require__(90015);
;// CONCATENATED MODULE: ./src/sources/github-runs.ts
/**
 * GitHub's Actions API, the two calls `changed: last-success` makes, through the same
 * bounded Octokit as the compare API. Loaded with the rest of `sources/changes.ts`, only when
 * `changed` is used.
 */


/** Few runs a page: the run wanted is nearly always among the first, and each run is ~5 KB. */
const RUNS_PER_PAGE = 20;
/**
 * The most one answer of the Actions API may be: a run is ~5 KB (its head commit's message
 * included), a page of RUNS_PER_PAGE a few dozen KB. Far below the compare API's 64 MiB, since a
 * few fields of each run are all that is read: a larger answer is refused as it is read, and
 * last-success falls back as for any answer it cannot read (changed_fallback).
 */
const MAX_RUNS_ANSWER_BYTES = 1024 * 1024;
const octokitRuns = (config) => {
    let loaded;
    /** Octokit loads on the first call (see boundedOctokit); its errors lose the token's text. */
    const call = async (send) => {
        loaded ??= (0,sources_github/* boundedOctokit */.Xs)({
            ...config,
            maxAnswerBytes: config.maxAnswerBytes ?? MAX_RUNS_ANSWER_BYTES
        });
        try {
            return await send(await loaded);
        }
        catch (error) {
            throw (0,sources_github/* redacted */.pc)(error, config.token);
        }
    };
    const [owner, repo] = config.repository.split('/');
    /** Octokit's options for one request: bounded by the request's time limit and the step's deadline. */
    const bounded = () => {
        const left = config.deadline - Date.now();
        if (left <= 0)
            throw Object.assign(new Error("the step's timeout ran out"), { status: 0 });
        return {
            signal: (0,src_clock/* timeoutSignal */._)(Math.min(config.requestTimeoutMs, left))
        };
    };
    return {
        run: async (runId) => {
            const response = await call((octokit) => octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
                owner: owner,
                repo: repo,
                run_id: Number(runId),
                exclude_pull_requests: true,
                request: bounded()
            }));
            return { data: response.data, headers: response.headers };
        },
        successes: async (workflowId, branch, page) => {
            const response = await call((octokit) => octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
                owner: owner,
                repo: repo,
                workflow_id: workflowId,
                branch,
                status: 'success',
                exclude_pull_requests: true,
                per_page: RUNS_PER_PAGE,
                page,
                request: bounded()
            }));
            return { data: response.data, headers: response.headers };
        }
    };
};

// EXTERNAL MODULE: ./src/sources/last-success.ts
var last_success = __webpack_require__(50114);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./src/inputs/workspace-file.ts
var workspace_file = __webpack_require__(5247);
// EXTERNAL MODULE: ./src/cloudflare/backoff.ts
var backoff = __webpack_require__(7099);
// EXTERNAL MODULE: ./src/cloudflare/rate-headers.ts
var rate_headers = __webpack_require__(4842);
;// CONCATENATED MODULE: ./src/sources/sitemap-fetch.ts
/**
 * One sitemap downloaded over HTTP. Redirects are followed by hand, at most five, so that every
 * hop is checked by the one redirect policy (http.ts: the origin an index's sitemaps must stay
 * on, no step down from https, no user name or password, no loopback, private or link-local host
 * but the one named); a transient answer (408, 429, 5xx, a reset connection, no answer in time)
 * is tried again with the API client's backoff, honouring `Retry-After` up to a bound, a few
 * times, and never past the step's deadline. No message quotes a user name or password.
 */





class SitemapError extends Error {
    constructor(message) {
        super(message);
        this.name = 'SitemapError';
    }
}
/** Attempts at one document, the first included. */
const MAX_ATTEMPTS = 4;
/** The longest `Retry-After` waited for: a site that asks for more is failed at once. */
const MAX_RETRY_AFTER_MS = 30_000;
const isTransient = (status) => status === 408 || status === 429 || status >= 500;
/** The detail of a failed request: the error's code, never a stack. */
const requestDetail = (error) => {
    const cause = error.cause;
    return cause?.code ?? cause?.message ?? error.message;
};
/**
 * The redirect policy for one sitemap: only the host asked for (the user's, or that of the index
 * that lists it) may be a local one, and a sitemap an index lists stays on the index's origin.
 */
const sitemapPolicy = (start, origin) => ({
    named: new Set([start.hostname]),
    ...(origin === undefined
        ? {}
        : {
            origin: {
                origin,
                offOrigin: `is not on ${(0,src_text/* quote */.hD)(origin, 100)}, the origin of the index that lists it`
            }
        })
});
const attempt = async (start, options, origin) => {
    const left = options.deadline - (options.clock ?? src_clock/* epochClock */.Eh).now();
    if (left <= 0)
        return { transient: ": the step's timeout ran out before it", outOfTime: true };
    const timeoutMs = Math.max(1, (0,src_clock/* timerMs */.Q2)(Math.min(options.requestTimeoutMs, left)));
    const signal = (0,src_clock/* timeoutSignal */._)(timeoutMs);
    let url = start;
    const policy = sitemapPolicy(start, origin);
    // Every reason names the hop it came from when that is not the URL asked for.
    const via = () => (url === start ? '' : ` (redirected to ${(0,src_text/* quote */.hD)(url.href, 200)})`);
    const failed = (error) => {
        if (error instanceof http/* TooLarge */.MF)
            return { refused: `${via()} is larger than ${options.limit / 1024 / 1024} MiB` };
        if (signal.aborted)
            return {
                transient: `${via()} gave no answer within ${(0,src_text/* seconds */.YA)(timeoutMs)} s`,
                outOfTime: left < options.requestTimeoutMs
            };
        return {
            transient: `${via()} could not be read: ${(0,src_text/* quote */.hD)(requestDetail(error), 200).slice(1, -1)}`
        };
    };
    for (let hops = 0;; hops++) {
        let response;
        try {
            response = await fetch(url, {
                headers: { 'user-agent': options.userAgent, accept: 'application/xml, text/xml, */*' },
                redirect: 'manual',
                signal
            });
        }
        catch (error) {
            return failed(error);
        }
        if (response.status === 200)
            try {
                return { fetched: { bytes: await (0,http/* readBounded */.CB)(response, options.limit), url } };
            }
            catch (error) {
                return failed(error);
            }
        await response.body?.cancel().catch(() => undefined);
        if (http/* REDIRECT_STATUSES */.aq.has(response.status)) {
            const next = (0,http/* redirectTarget */.ET)(response, url);
            if (next === undefined)
                return { refused: `${via()} answered HTTP ${response.status} without a valid Location` };
            const problem = (0,http/* redirectProblem */.uc)(url, next, policy);
            if (problem !== undefined)
                return {
                    refused: `${via()} redirects to ${(0,src_text/* quote */.hD)(next.href, 200)}, which ${problem}: refused`
                };
            if (hops >= http/* MAX_REDIRECTS */.NX)
                return { refused: ` redirects more than ${http/* MAX_REDIRECTS */.NX} times` };
            url = next;
            continue;
        }
        const answer = `${via()} answered HTTP ${response.status}, not 200`;
        if (!isTransient(response.status))
            return { refused: answer };
        const { retryAfterMs } = (0,rate_headers/* readRateHeaders */.r)(response.headers, Date.now());
        return retryAfterMs === undefined ? { transient: answer } : { transient: answer, retryAfterMs };
    }
};
/**
 * The document at `url` and where it was served from. `origin`, when given, is the origin every
 * redirect must stay on. Throws SitemapError, naming the URL without its user name or password.
 */
const fetchSitemap = async (url, options, origin) => {
    const name = `Sitemap ${(0,src_text/* quote */.hD)(url.href)}`;
    // Node's fetch refuses such a URL with a message that quotes it whole, password included.
    if (url.username !== '' || url.password !== '')
        throw new SitemapError(`${name} has a user name or password in its URL; the action sends none to a sitemap, so it is not read`);
    const clock = options.clock ?? src_clock/* epochClock */.Eh;
    for (let attempts = 1;; attempts++) {
        const result = await attempt(url, options, origin);
        if ('fetched' in result)
            return result.fetched;
        if ('refused' in result)
            throw new SitemapError(`${name}${result.refused}`);
        const reason = `${name}${result.transient}`;
        const tried = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
        if (result.outOfTime)
            throw new SitemapError(attempts === 1 ? reason : `${reason} (${tried})`);
        if (attempts >= MAX_ATTEMPTS)
            throw new SitemapError(`${reason} (${tried})`);
        const asked = result.retryAfterMs;
        if (asked !== undefined && asked > MAX_RETRY_AFTER_MS)
            throw new SitemapError(`${reason}, and asked to wait ${Math.ceil(asked / 1000)} s, longer than the ${MAX_RETRY_AFTER_MS / 1000} s a sitemap is waited for`);
        // The server's wait when it names one, but never less than backoff: no storm on `0`.
        const waitMs = Math.max(asked ?? 0, (0,backoff/* backoffMs */.j)(attempts - 1, options.backoff ?? backoff/* DEFAULT_BACKOFF */.V, options.random));
        if (clock.now() + waitMs >= options.deadline)
            throw new SitemapError(`${reason} (${tried}; the step's timeout leaves no time for another)`);
        await clock.sleep(waitMs);
    }
};

;// CONCATENATED MODULE: ./src/sources/sitemap.ts







/**
 * The `sitemap` input: a sitemap (or sitemap index) in the workspace or at a URL, gzip or not,
 * read into the URLs it lists. Everything read is untrusted: sizes, counts and time are bounded,
 * and the XML is read by a small tokenizer that refuses DTDs, so no entity can expand.
 */
/** The sitemap protocol caps a file at 50 MB uncompressed; this leaves room and stops runaways. */
const MAX_SITEMAP_BYTES = 64 * 1024 * 1024;
/** Documents read in all, the index included. */
const MAX_SITEMAPS = 1000;
const MAX_SITEMAP_URLS = 500_000;
/** An index, its sitemaps, and one nested level more, which the protocol forbids but sites do. */
const MAX_DEPTH = 3;
const MAX_LOC_CHARS = 8192;
const SHOWN_PROBLEMS = 5;
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;
const BAD_AMPERSAND = /&(?!(?:#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);)/;
const decodeText = (raw) => {
    if (!raw.includes('&'))
        return raw;
    if (BAD_AMPERSAND.test(raw))
        return undefined;
    let bad = false;
    const text = raw.replace(ENTITY, (_, name) => {
        if (!name.startsWith('#'))
            return ENTITIES[name];
        const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
            bad = true;
            return '';
        }
        return String.fromCodePoint(code);
    });
    return bad ? undefined : text;
};
// One token at a time, each starting where the last ended (sticky): comment, CDATA, processing
// instruction, declaration, tag, text, or a "<" that starts none of them. A tag's attributes
// start with whitespace, as XML says: were they allowed straight after the name, a long name
// with no ">" would be split between the two every way there is (quadratic time).
const TOKEN = /<!--[^]*?-->|<!\[CDATA\[([^]*?)\]\]>|<\?[^]*?\?>|<!(?!--|\[CDATA\[)[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s(?:[^>"']|"[^"]*"|'[^']*')*?)?)(\/?)>|([^<]+)|(<)/y;
/** A closing tag; it may end a <loc>. Returns a problem, or undefined. */
const closeTag = (state, name) => {
    if (state.stack.pop() !== name)
        return `is not well-formed XML (${(0,src_text/* quote */.hD)(`</${name}>`, 40)} closes nothing)`;
    if (state.loc !== undefined && state.root !== undefined && name === state.root.loc) {
        const value = state.loc.trim();
        if (value.length > MAX_LOC_CHARS)
            return `has a <loc> longer than ${MAX_LOC_CHARS} characters`;
        if (state.locs.length >= state.maxLocs)
            return `lists more than ${state.maxLocs.toLocaleString('en-US')} URLs`;
        state.locs.push(value);
        state.loc = undefined;
    }
    return undefined;
};
/** An opening (or self-closing) tag; the first is the root. Returns a problem, or undefined. */
const openTag = (state, name, selfClosing) => {
    if (state.root === undefined) {
        const [, prefix = '', local] = /^(?:([^:]+:))?(.*)$/.exec(name);
        if (local !== 'urlset' && local !== 'sitemapindex')
            return `is not a sitemap: its root element is ${(0,src_text/* quote */.hD)(`<${name}>`, 40)}, not <urlset> or <sitemapindex>`;
        state.root = {
            kind: local,
            entry: `${prefix}${local === 'urlset' ? 'url' : 'sitemap'}`,
            loc: `${prefix}loc`
        };
    }
    else if (state.stack.length === 0)
        return 'has more than one root element';
    if (state.loc !== undefined)
        return 'has an element inside a <loc>';
    if (selfClosing)
        return undefined;
    const { stack, root } = state;
    stack.push(name);
    if (stack.length === 3 && stack[1] === root.entry && name === root.loc)
        state.loc = '';
    return undefined;
};
/** Text or CDATA: part of a <loc>, or whitespace between elements. Returns a problem, or undefined. */
const addText = (state, piece) => {
    if (state.loc !== undefined) {
        state.loc += piece;
        if (state.loc.length > MAX_LOC_CHARS)
            return `has a <loc> longer than ${MAX_LOC_CHARS} characters`;
    }
    else if (state.stack.length === 0 && piece.trim() !== '')
        return 'has text outside its root element';
    return undefined;
};
// The two tokens nearly every line of a sitemap is made of, a run of text and a tag without
// attributes, are read without TOKEN: its match of eight groups, a million times for 100,000
// URLs, was most of what reading a sitemap allocated. Anything else goes through TOKEN.
/** Whether a character code may be in a tag's name ([\w.:-]), or start it ([A-Za-z_]). */
const nameCode = (code, first) => (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    code === 0x5f ||
    (!first && ((code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x3a || code === 0x2d));
/**
 * A tag without attributes at `from` (a "<"), as TOKEN reads `<name>` and `</name>`: its name,
 * whether it closes, and where it ends; undefined for any other token.
 */
const plainTag = (body, from) => {
    const closing = body.charCodeAt(from + 1) === 0x2f;
    const start = from + (closing ? 2 : 1);
    let end = start;
    while (end < body.length && nameCode(body.charCodeAt(end), end === start))
        end++;
    if (end === start || body.charCodeAt(end) !== 0x3e)
        return undefined;
    return { name: body.slice(start, end), closing, next: end + 1 };
};
/**
 * A run of text from `from` to `to` (the next "<"): part of a <loc>, or what lies between
 * elements. Only that text, and text outside the root, is read; an "&" is checked wherever it is.
 */
const textRun = (state, body, from, to, amp) => {
    if (amp.at < from)
        amp.at = body.indexOf('&', from) >>> 0;
    const read = state.loc !== undefined || state.stack.length === 0;
    if (!read && amp.at >= to)
        return undefined;
    const piece = decodeText(body.slice(from, to));
    if (piece === undefined)
        return 'has a bare "&" or an entity XML does not define';
    return addText(state, piece);
};
/** Any other token at `from` (which is a "<"): its problem, or where the next one starts. */
const otherToken = (state, body, from) => {
    TOKEN.lastIndex = from;
    const match = TOKEN.exec(body);
    const [whole, cdata, slash, name, , selfClosing, chars, stray] = match;
    if (stray !== undefined)
        return 'is not well-formed XML (a stray "<")';
    if (whole.startsWith('<!') && cdata === undefined && !whole.startsWith('<!--'))
        return 'has a DOCTYPE or another declaration, which a sitemap never needs: refused';
    let problem;
    if (name !== undefined)
        problem = slash === '/' ? closeTag(state, name) : openTag(state, name, selfClosing === '/');
    else {
        const piece = cdata ?? (chars === undefined ? undefined : decodeText(chars));
        if (chars !== undefined && piece === undefined)
            return 'has a bare "&" or an entity XML does not define';
        if (piece !== undefined)
            problem = addText(state, piece);
    }
    return problem ?? TOKEN.lastIndex;
};
/** The `<loc>` of every `<url>` (or `<sitemap>` in an index), in document order. */
const parseSitemap = (text, maxLocs = MAX_SITEMAP_URLS) => {
    const state = { stack: [], locs: [], maxLocs };
    const body = text.replace(/^\uFEFF/, '');
    const amp = { at: -1 };
    let at = 0;
    while (at < body.length) {
        let next;
        if (body.charCodeAt(at) !== 0x3c) {
            const end = body.indexOf('<', at);
            next = end === -1 ? body.length : end;
            const problem = textRun(state, body, at, next, amp);
            if (problem !== undefined)
                return { problem };
        }
        else {
            const plain = plainTag(body, at);
            next =
                plain === undefined
                    ? otherToken(state, body, at)
                    : ((plain.closing ? closeTag(state, plain.name) : openTag(state, plain.name, false)) ??
                        plain.next);
        }
        if (typeof next === 'string')
            return { problem: next };
        at = next;
    }
    const { root, stack, locs } = state;
    if (root === undefined)
        return { problem: 'is empty: it has no <urlset> or <sitemapindex>' };
    if (stack.length > 0)
        return { problem: `ends inside ${(0,src_text/* quote */.hD)(`<${stack.at(-1)}>`, 40)}: the file is cut short` };
    return { kind: root.kind, locs };
};
const decoder = new external_node_util_.TextDecoder('utf-8', { fatal: true });
/** The document's text: gzip is recognised by its magic bytes, whatever the name or headers say. */
const sitemapText = (bytes) => {
    let plain = bytes;
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        try {
            plain = (0,external_node_zlib_.gunzipSync)(bytes, { maxOutputLength: MAX_SITEMAP_BYTES });
        }
        catch (error) {
            return {
                problem: error.code === 'ERR_BUFFER_TOO_LARGE'
                    ? `inflates to more than ${MAX_SITEMAP_BYTES / 1024 / 1024} MiB`
                    : 'is gzip-compressed but cannot be inflated (cut short or corrupt)'
            };
        }
    }
    try {
        return { text: decoder.decode(plain) };
    }
    catch {
        return { problem: 'is not UTF-8 text' };
    }
};
const isUrl = (source) => /^https?:\/\//i.test(source);
/** A document's text, and where it was served from when it came over HTTP (after redirects). */
const load = async (source, options, origin) => {
    let bytes;
    let servedFrom;
    if (isUrl(source)) {
        const fetched = await fetchSitemap(new URL(source), { ...options, limit: MAX_SITEMAP_BYTES }, origin);
        bytes = fetched.bytes;
        servedFrom = fetched.url;
    }
    else {
        const read = (options.readFile ?? workspace_file/* readWorkspaceFile */.sL)(source, options.roots, 'sitemap');
        if ('problem' in read)
            throw new SitemapError(`Sitemap ${(0,src_text/* quote */.hD)(source)} ${read.problem}`);
        bytes = read.bytes;
    }
    const text = sitemapText(bytes);
    if ('problem' in text)
        throw new SitemapError(`Sitemap ${(0,src_text/* quote */.hD)(source)} ${text.problem}`);
    return servedFrom === undefined ? { text: text.text } : { text: text.text, servedFrom };
};
/**
 * Reads the sitemap at `source` (a workspace file or an http(s) URL), following a sitemap index
 * to its sitemaps. An index read from a URL is followed only to sitemaps of the origin it was
 * served from (after redirects: an apex that redirects to `www` lists `www` sitemaps), and none
 * of those may redirect off that origin.
 */
const readSitemaps = async (source, options) => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && !isUrl(source))
        throw new SitemapError(`Sitemap ${(0,src_text/* quote */.hD)(source)} must be a file in the workspace or an http:// or https:// URL`);
    const urls = [];
    const documents = [];
    const seen = new Set();
    // `origin`: the one a sitemap and its redirects must stay on, that of the index listing it.
    const queue = [{ source, depth: 1 }];
    while (queue.length > 0) {
        const next = queue.shift();
        if (seen.has(next.source))
            continue;
        seen.add(next.source);
        if (documents.length >= MAX_SITEMAPS)
            throw new SitemapError(`Sitemap ${(0,src_text/* quote */.hD)(source)} leads to more than ${MAX_SITEMAPS} sitemaps`);
        documents.push(next.source);
        const shown = (0,src_text/* quote */.hD)(next.source);
        const { text, servedFrom } = await load(next.source, options, next.origin);
        if (servedFrom !== undefined)
            seen.add(servedFrom.href);
        const parsed = parseSitemap(text);
        if ('problem' in parsed)
            throw new SitemapError(`Sitemap ${shown} ${parsed.problem}`);
        if (parsed.kind === 'urlset' && urls.length + parsed.locs.length > MAX_SITEMAP_URLS)
            throw new SitemapError(`Sitemap ${(0,src_text/* quote */.hD)(source)} lists more than ${MAX_SITEMAP_URLS.toLocaleString('en-US')} URLs in all: purge by prefix instead`);
        const problems = [];
        parsed.locs.forEach((loc, index) => {
            // A URL is checked once, as it is read: a sitemap lists them by the hundred thousand.
            const checked = parsed.kind === 'urlset' ? (0,rules/* checkUrlEntry */.GI)(loc) : undefined;
            const problem = checked === undefined
                ? childProblem(loc, servedFrom?.origin)
                : 'problem' in checked
                    ? checked.problem
                    : undefined;
            if (problem !== undefined) {
                if (problems.length < SHOWN_PROBLEMS)
                    problems.push(`<loc> ${index + 1} ${(0,src_text/* quote */.hD)(loc, 100)} ${problem}`);
                else if (problems.length === SHOWN_PROBLEMS)
                    problems.push('and more');
                return;
            }
            if (parsed.kind === 'sitemapindex') {
                if (next.depth >= MAX_DEPTH)
                    problems.push(`nests sitemap indexes deeper than ${MAX_DEPTH} levels`);
                else
                    queue.push({
                        source: loc,
                        depth: next.depth + 1,
                        ...(servedFrom === undefined ? {} : { origin: servedFrom.origin })
                    });
            }
            else if (checked !== undefined && 'item' in checked)
                urls.push(checked.item);
        });
        if (problems.length > 0)
            throw new SitemapError(`Sitemap ${shown}: ${problems.join('; ')}`);
    }
    return { urls, documents };
};
/**
 * A sitemap an index lists: an http(s) URL, on `origin` (where the index was served from) when
 * the index came over HTTP.
 */
const childProblem = (loc, origin) => {
    const problem = (0,rules/* urlProblem */.rn)(loc);
    if (problem !== undefined)
        return problem;
    if (origin !== undefined && new URL(loc).origin !== origin)
        return `is not on ${(0,src_text/* quote */.hD)(origin, 100)}, the origin of the index that lists it`;
    return undefined;
};

;// CONCATENATED MODULE: ./src/sources/changes.ts
/**
 * `changed` and `sitemap`: what the deploy changed, as URLs, added to what is purged. Loaded only
 * when one of them is used (main imports it lazily), with Octokit and the sitemap reader: a plain
 * purge never pays their start-up time.
 */










const TITLE = { title: 'Cloudflare purge' };
/** Where the run's facts come from on a runner: the event payload and GITHUB_* variables. */
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
class ChangeSetError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ChangeSetError';
    }
}
const logRows = (rows, log) => {
    for (const row of rows) {
        const head = `${row.change.split(' ')[0].padEnd(8)} ${(0,src_text/* escapeLine */.EH)(row.path, 300)}`;
        if (row.rule !== undefined)
            log.info(ruleLog(head, row.rule));
        else if (row.ignored !== undefined)
            log.info(`${head}  (not purged: ${row.ignored})`);
        else
            log.info(`${head}\n${row.urls.map((url) => `         -> ${(0,src_text/* escapeLine */.EH)(url, 400)}`).join('\n')}`);
    }
};
/** GitHub's API for the run, with github_token. */
const githubOf = (changed, requestTimeoutMs, env) => ({
    apiUrl: env.githubApiUrl,
    token: changed.githubToken,
    repository: env.repository,
    userAgent: env.userAgent,
    requestTimeoutMs,
    deadline: env.deadline
});
/** What finding this workflow's last successful run needs from the run. */
const factsOf = (env, token) => ({
    event: env.event,
    runId: env.runId,
    ref: env.ref,
    serverUrl: env.serverUrl,
    repository: env.repository,
    deadline: env.deadline,
    token
});
/**
 * A ref the user named in `changed` that GitHub does not know (a typo of a tag or a branch) is
 * their mistake, said before any purge: a fallback would purge the whole site on every deploy,
 * green. The fallback stays for what the event or the run history cannot tell.
 */
const unknownRef = (ref, repository, answer) => new errors/* InputError */.dz([
    {
        input: 'changed',
        value: ref,
        problem: `is not a commit, tag or branch GitHub knows in ${repository}: ${answer}. Check its spelling, or set changed to true or last-success`
    }
]);
/**
 * The files that changed, or why that cannot be known (`expected` when the event says so
 * itself, not when something failed): between the event's commits or from a ref (git), or
 * between this build and the last one kept (`changed: build`, with this build's hashes).
 */
const changedFiles = async (changed, requestTimeoutMs, env, found, log) => {
    if (!REPOSITORY.test(env.repository))
        return { unknown: 'GITHUB_REPOSITORY is not set to "owner/name"', expected: false };
    const github = githubOf(changed, requestTimeoutMs, env);
    if (changed.from.kind === 'build') {
        const { builtFiles } = await Promise.all(/* import() */[__webpack_require__.e(157), __webpack_require__.e(986)]).then(__webpack_require__.bind(__webpack_require__, 28986));
        return builtFiles(changed, {
            workspace: env.roots[0] ?? process.cwd(),
            runs: env.runs ?? octokitRuns(github),
            facts: { ...factsOf(env, changed.githubToken), sameCommit: true },
            read: { ...github, ...(env.signal === undefined ? {} : { signal: env.signal }) },
            signal: env.signal
        }, found);
    }
    const range = changed.from.kind === 'last-success'
        ? await (0,last_success/* lastSuccessRange */.$9)(env.runs ?? octokitRuns(github), factsOf(env, changed.githubToken), found, log)
        : (0,sources_range/* findRange */.pj)(env.event, changed.from.kind === 'ref' ? changed.from.ref : undefined);
    if ('unknown' in range)
        return range;
    const named = changed.from.kind === 'ref' ? changed.from.ref : undefined;
    return gitFiles(range, github, env, { found, log, named });
};
/**
 * The files that differ between the range's commits, from GitHub's compare API, both ways; a
 * ref the user `named` that GitHub does not know is an input error.
 */
const gitFiles = async (range, github, env, { found, log, named }) => {
    found.range = { base: range.base, head: range.head };
    const result = await filesBetween(env.compare ?? (0,sources_github/* octokitCompare */.NO)(github), range, env.deadline);
    if ('unknown' in result) {
        if (result.missing === true && named !== undefined)
            throw unknownRef(named, env.repository, result.unknown);
        return { unknown: result.unknown, expected: false };
    }
    if (result.status === 'behind' || result.status === 'diverged') {
        found.range.status = result.status;
        const [base, head] = [(0,sources_range/* shortSha */.Fu)(range.base), (0,sources_range/* shortSha */.Fu)(range.head)];
        log.info(result.status === 'behind'
            ? `GitHub compares ${base}...${head} as "behind": ${head} is older than ${base} (a rollback), so the files of ${head}...${base} are purged, the files that differ between them.`
            : `GitHub compares ${base}...${head} as "diverged": neither is an ancestor of the other, so the files of both ${base}...${head} and ${head}...${base} are purged, every file that differs between them.`);
    }
    return { files: result.files };
};
/** What the changed files are between, in words: two commits, or this build and a run's. */
const span = (found) => found.build !== undefined && found.since !== undefined
    ? `since the build of run #${found.since.number} (${(0,sources_range/* shortSha */.Fu)(found.since.sha)})`
    : found.range === undefined
        ? ''
        : `between ${(0,sources_range/* shortSha */.Fu)(found.range.base)} and ${(0,sources_range/* shortSha */.Fu)(found.range.head)}`;
/** changed_fallback, when the change set cannot be known: fail, or purge the prefix or all. */
const fallBack = (changed, why, collected, log) => {
    const reason = why.unknown;
    collected.found.fallback = {
        reason,
        rule: changed.fallback,
        prefix: changed.prefix,
        expected: why.expected
    };
    const message = `changed: ${reason}.`;
    if (changed.fallback === 'fail')
        throw new ChangeSetError(`${message} changed_fallback is "fail", so nothing was purged.`);
    const instead = changed.fallback === 'prefix'
        ? `purging the prefix ${changed.prefix} (site_url) instead`
        : 'purging everything in the zone instead';
    const text = `${message} Falling back to changed_fallback "${changed.fallback}": ${instead}.`;
    if (why.expected)
        log.notice(text, TITLE);
    else
        log.warning(text, { ...TITLE, shown: true });
    if (changed.fallback === 'prefix')
        collected.items.prefixes.push(changed.prefix);
    else
        collected.purgeEverything = true;
};
/** What the changed files purge, each file logged with what it purges in a group. */
const addFiles = async (changed, files, env, collected, log) => {
    const { found } = collected;
    const ruled = await applyRules(files, changed, { deadline: env.deadline, signal: env.signal });
    found.rows = ruled.rows;
    if (changed.rules.length > 0)
        found.rules = true;
    const where = changed.mapping.dir === '' ? 'the repository' : `${changed.mapping.dir}/`;
    if (found.build !== undefined)
        log.info(`Built site (${(0,src_text/* escapeLine */.EH)(where, 100)}): ${(0,src_text/* count */.U9)(found.build.files)} file(s), ${buildCounts(found.build)} ${span(found)}.`);
    await log.group(`Changed files: ${found.rows.length} ${span(found)} (${(0,src_text/* escapeLine */.EH)(where, 100)} served at ${changed.mapping.siteUrl}): ${purgeSummary(ruled)}`, async () => logRows(found.rows, log));
    warnRefused(found.rows, log);
    const { items, everything } = ruled;
    if (everything !== undefined) {
        // Everything purges the rest too: it is the step's only purge.
        found.everything = everything;
        collected.purgeEverything = true;
        log.info(`changed_rules line ${everything.line} matched ${(0,src_text/* quote */.hD)(everything.path, 200)}: purging everything in the zone, and nothing else.`);
        return;
    }
    let urls = items.files;
    if (urls.length > changed.maxUrls) {
        fallBack(changed, {
            unknown: `the changed files map to ${(0,src_text/* count */.U9)(urls.length)} URLs, more than changed_max_urls (${(0,src_text/* count */.U9)(changed.maxUrls)}), past which one purge of the site costs less than a purge of each URL`,
            expected: true
        }, collected, log);
        // site_url's prefix covers the URLs under it; the rest, and what rules name, still go.
        urls = urls.filter((url) => typeof url !== 'string' || !url.replace(/^https?:\/\//, '').startsWith(changed.prefix));
    }
    // One at a time: a spread of a long list into push() overflows the stack.
    for (const url of urls)
        collected.items.files.push(url);
    for (const kind of ['tags', 'hosts', 'prefixes'])
        for (const item of items[kind])
            collected.items[kind].push(item);
};
const changes_SHOWN_REFUSED = 5;
/** Changed files no valid URL could be made of: not purged, so said in a warning, never dropped. */
const warnRefused = (rows, log) => {
    const refused = rows.filter((row) => row.refused === true);
    if (refused.length === 0)
        return;
    const shown = refused
        .slice(0, changes_SHOWN_REFUSED)
        .map((row) => `${(0,src_text/* quote */.hD)(row.path, 100)} (${(0,src_text/* escapeLine */.EH)(row.ignored ?? '', 300)})`);
    const more = refused.length - shown.length;
    log.warning(`Changed files: ${refused.length} file(s) not purged, because no valid URL can be made of them: ${shown.join('; ')}${more > 0 ? `; and ${more} more, listed in the log` : ''}.`, { ...TITLE, shown: true });
};
/**
 * The sitemap's URLs; not read when everything is purged anyway. A sitemap that cannot be read
 * (transient failures were tried again already) is noted in `found.sitemapFailure`: the run goes
 * on with the other items, and the step fails at the end, saying so. A purge never waits on a
 * site's sitemap, and never loses it silently either.
 */
const addSitemap = async (source, inputs, env, collected, log) => {
    if (collected.purgeEverything) {
        log.info('The sitemap is not read: everything in the zone is purged.');
        return;
    }
    let sitemap;
    try {
        sitemap = await readSitemaps(source, {
            roots: env.roots,
            userAgent: env.userAgent,
            requestTimeoutMs: inputs.requestTimeoutMs,
            deadline: env.deadline
        });
    }
    catch (error) {
        if (!(error instanceof SitemapError))
            throw error;
        if (!/^https?:\/\//i.test(source)) {
            // A workspace file is no network's hazard: what is wrong with it is an input mistake (a
            // step order, a path, a generator), said before anything is purged.
            const own = `Sitemap ${(0,src_text/* quote */.hD)(source)} `;
            const problem = error.message.startsWith(own)
                ? error.message.slice(own.length)
                : error.message;
            throw new errors/* InputError */.dz([{ input: 'sitemap', value: source, problem }]);
        }
        collected.found.sitemapFailure = error.message;
        log.info(`${error.message}. The run goes on without the sitemap's URLs, and the step will fail.`);
        return;
    }
    for (const url of sitemap.urls)
        collected.items.files.push(url);
    collected.found.sitemap = {
        source,
        urls: sitemap.urls.length,
        documents: sitemap.documents.length
    };
    log.info(`Sitemap ${(0,src_text/* quote */.hD)(source)}: ${sitemap.urls.length} URL(s) from ${sitemap.documents.length} sitemap file(s).`);
};
/** The inputs with what was collected; emptyReason says why when that is nothing. */
const merge = (inputs, { found, items, purgeEverything }) => {
    const merged = purgeEverything
        ? {
            ...inputs,
            purgeEverything,
            items: { files: [], tags: [], hosts: [], prefixes: [] }
        }
        : { ...inputs, items };
    const nothing = !purgeEverything && Object.values(merged.items).every((list) => list.length === 0);
    const refused = found.rows.filter((row) => row.refused === true).length;
    if (nothing)
        merged.emptyReason =
            span(found) === ''
                ? 'the sitemap lists no URL'
                : `${refused === 0 ? nothingChanged(found.rows) : `no changed file could be purged by URL (${refused} refused, see the warning)`} ${span(found)}${found.sitemap === undefined ? '' : ', and the sitemap lists no URL'}`;
    return merged;
};
/**
 * Finds what `changed` and `sitemap` add and merges it into the inputs. Logs each changed file with
 * its URLs; a fallback is a notice (or a warning, when something failed) titled "Cloudflare
 * purge". Throws when changed_fallback is "fail" and the change set cannot be known, and when the
 * sitemap cannot be read and nothing else is to be purged.
 */
const collectChanges = async (inputs, env, log) => {
    const options = inputs.changes;
    const collected = {
        found: { rows: [] },
        items: {
            files: [...inputs.items.files],
            tags: [...inputs.items.tags],
            hosts: [...inputs.items.hosts],
            prefixes: [...inputs.items.prefixes]
        },
        purgeEverything: inputs.purgeEverything
    };
    const changed = options.changed;
    let tree;
    if (changed !== undefined) {
        const result = await changedFiles(changed, inputs.requestTimeoutMs, env, collected.found, log);
        tree = result.tree;
        if ('unknown' in result)
            fallBack(changed, result, collected, log);
        else
            await addFiles(changed, result.files, env, collected, log);
    }
    if (options.sitemap !== undefined)
        await addSitemap(options.sitemap, inputs, env, collected, log);
    const { found } = collected;
    const merged = merge(inputs, collected);
    // Nothing else to purge: fail now, as before any purge, rather than report an empty run.
    if (found.sitemapFailure !== undefined && merged.emptyReason !== undefined)
        throw new SitemapError(found.sitemapFailure);
    return { inputs: merged, found, ...(tree === undefined ? {} : { tree }) };
};

// EXTERNAL MODULE: ./src/steps/stage.ts
var stage = __webpack_require__(57389);
;// CONCATENATED MODULE: ./src/steps/changes.ts
/**
 * What `changed` and `sitemap` add to the run: their URLs, merged into the inputs, and their
 * sections (and a sitemap not read, as a failure) for the report. This module and what it imports
 * load only when one of them is used.
 */



const changesStage = async (run, state) => {
    const timeLeftMs = (0,stage/* deadlineOf */.G0)(state) - run.clock.now();
    // The cancel stops the matching of changed files too, not only the race around this stage.
    const env = { ...run.changeEnv(timeLeftMs), signal: run.signal };
    const { inputs, found, tree } = await collectChanges(state.inputs, env, run.log);
    return {
        ...state,
        inputs,
        ...(tree === undefined ? {} : { builtTree: tree }),
        amendments: [...state.amendments, ...changesAmendments(found, inputs.dryRun)]
    };
};


/***/ })

};
