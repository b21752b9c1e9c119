export const id = 509;
export const ids = [509];
export const modules = {

/***/ 3509:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  collectChanges: () => (/* binding */ collectChanges)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/inputs/changed.ts
var inputs_changed = __webpack_require__(1093);
// EXTERNAL MODULE: ./src/inputs/rules.ts
var rules = __webpack_require__(8190);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: ./src/inputs/changed-rules.ts
var changed_rules = __webpack_require__(7147);
// EXTERNAL MODULE: ./src/model.ts
var model = __webpack_require__(182);
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
 * with `extensionless`, `a/b.html` also as `a/b`.
 */
const urlsOf = (path, mapping) => {
    const pathIssue = pathProblem(path);
    if (pathIssue !== undefined)
        return { refused: pathIssue };
    const rest = relativeTo(path, mapping.dir);
    if (rest === undefined)
        return { ignored: 'outside site_dir' };
    if (mapping.include.length > 0 && !mapping.include.some((glob) => glob.test(rest)))
        return { ignored: 'excluded' };
    if (mapping.exclude.some((glob) => glob.test(rest)))
        return { ignored: 'excluded' };
    const encoded = encodePath(rest);
    const urls = [];
    const slash = rest.lastIndexOf('/');
    const name = rest.slice(slash + 1);
    if (name === INDEX)
        urls.push(mapping.siteUrl + encodePath(rest.slice(0, slash + 1)));
    urls.push(mapping.siteUrl + encoded);
    if (mapping.extensionless && name !== INDEX && name.endsWith('.html') && name !== '.html')
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





/** The row of a file a rule matched: its URLs are the rule's, or none. */
const ruled = (row, rule) => ({
    path: row.path,
    change: row.change,
    urls: rule.items.files.filter((url) => typeof url === 'string'),
    ...(rule.skip ? { ignored: `skipped by changed_rules line ${rule.line}` } : {}),
    rule
});
/** Each changed file with what it purges, and all of that together. */
const applyRules = (files, changed) => {
    const { rules, mapping } = changed;
    const rows = mapFiles(files, mapping).map((row) => {
        const rest = rules.length === 0 ? undefined : relativeTo(row.path, mapping.dir);
        const rule = rest === undefined ? undefined : rules.find((r) => r.glob.test(rest));
        return rule === undefined ? row : ruled(row, rule);
    });
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
    ? 'no changed file under site_dir is purged (each is excluded, or skipped by changed_rules)'
    : 'no file under site_dir changed';

// EXTERNAL MODULE: ./src/http.ts
var http = __webpack_require__(6803);
// EXTERNAL MODULE: ./src/sources/range.ts
var sources_range = __webpack_require__(3495);
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
/** One page, tried once more a second later when that may help and the deadline allows. */
const getPage = async (get, basehead, page, deadline, shown) => {
    try {
        return { answer: await get(basehead, page) };
    }
    catch (error) {
        if (!retryable(error) || Date.now() + RETRY_AFTER_MS >= deadline)
            return { unknown: describeError(error, shown) };
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    try {
        return { answer: await get(basehead, page) };
    }
    catch (again) {
        return { unknown: describeError(again, shown) };
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
 * The files that differ between `range.base` and `range.head`, or why that cannot be known. Never
 * "nothing" for commits GitHub says differ: when neither direction lists a file, the change set
 * is unknown.
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
            return backward;
        files = union(forward.files, backward.files);
    }
    if (files.length === 0 && status !== 'identical')
        return {
            unknown: `GitHub compares ${shown} as "${status}" but lists no file that differs, in either direction: the files that changed cannot be known`
        };
    return { files, status: status };
};

;// CONCATENATED MODULE: ./src/sources/github.ts


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
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
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
            fetch: (0,http/* boundedFetch */.A)(options.request?.fetch ?? fetch, config.maxAnswerBytes ?? MAX_ANSWER_BYTES)
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
    error.message = (0,src_text/* redactAll */.$I)(error.message, [token]);
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
                    signal: AbortSignal.timeout(Math.max(1, Math.min(config.requestTimeoutMs, left)))
                }
            });
            return { data: response.data, headers: response.headers };
        }
        catch (error) {
            throw redacted(error, config.token);
        }
    };
};

;// CONCATENATED MODULE: ./src/sources/github-runs.ts
/**
 * GitHub's Actions API, the two calls `changed_since: last-success` makes, through the same
 * bounded Octokit as the compare API. Loaded with the rest of `sources/changes.ts`, only when
 * `changed` is used.
 */

/** Few runs a page: the run wanted is nearly always among the first, and each run is ~5 KB. */
const RUNS_PER_PAGE = 20;
const octokitRuns = (config) => {
    let loaded;
    /** Octokit loads on the first call (see boundedOctokit); its errors lose the token's text. */
    const call = async (send) => {
        loaded ??= boundedOctokit(config);
        try {
            return await send(await loaded);
        }
        catch (error) {
            throw redacted(error, config.token);
        }
    };
    const [owner, repo] = config.repository.split('/');
    /** Octokit's options for one request: bounded by request_timeout and the step's deadline. */
    const bounded = () => {
        const left = config.deadline - Date.now();
        if (left <= 0)
            throw Object.assign(new Error("the step's timeout ran out"), { status: 0 });
        return {
            signal: AbortSignal.timeout(Math.max(1, Math.min(config.requestTimeoutMs, left)))
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

;// CONCATENATED MODULE: ./src/sources/last-success.ts
/**
 * `changed_since: last-success`: compare from the commit of this workflow's most recent
 * successful run on this branch, so that what cancelled and failed runs in between changed is
 * purged too. The run's workflow comes from GITHUB_RUN_ID; its successful runs on the branch are
 * listed newest first. A run at the commit deployed (a re-run, this run) does not count. Every
 * answer is untrusted: each run listed is checked again (its conclusion, branch and commit), as a
 * server that ignored the filters would otherwise choose the start.
 */




const RUN_ID = /^[1-9]\d{0,14}$/;
/** Twenty runs a page (RUNS_PER_PAGE): the last ten pages are far more re-runs than happen. */
const last_success_MAX_PAGES = 10;
const MAX_RUNS_PER_PAGE = 100;
const last_success_RETRY_AFTER_MS = 1000;
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
        ? headBranch((0,sources_range/* field */.ZZ)(event.payload, 'ref'))
        : pull
            ? (0,sources_range/* field */.ZZ)(event.payload, 'pull_request', 'head', 'ref')
            : headBranch(ref);
    // What git allows in a branch name, and short: it goes into a query string and messages.
    return typeof branch === 'string' && /^[^\s\p{Cc}~^:?*[\\]{1,255}$/u.test(branch)
        ? branch
        : undefined;
};
/** Links to the run and the commit, built from our own checked parts, never from the answer. */
const links = (facts, id, sha) => {
    const server = facts.serverUrl === undefined ? undefined : (0,src_text/* trimEnd */.s8)(facts.serverUrl, '/');
    if (server === undefined || !SERVER.test(server) || !REPOSITORY.test(facts.repository))
        return { runUrl: undefined, commitUrl: undefined };
    const base = `${server}/${facts.repository}`;
    return { runUrl: `${base}/actions/runs/${id}`, commitUrl: `${base}/commit/${sha}` };
};
/** A run of the list, or undefined when the entry is not one. */
const readRun = (entry) => {
    const id = (0,sources_range/* field */.ZZ)(entry, 'id');
    const sha = (0,sources_range/* field */.ZZ)(entry, 'head_sha');
    const number = (0,sources_range/* field */.ZZ)(entry, 'run_number');
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0)
        return undefined;
    if (typeof sha !== 'string' || !inputs_changed/* SHA */.hG.test(sha))
        return undefined;
    return {
        id,
        sha,
        number: typeof number === 'number' && Number.isSafeInteger(number) ? number : id,
        branch: (0,sources_range/* field */.ZZ)(entry, 'head_branch'),
        conclusion: (0,sources_range/* field */.ZZ)(entry, 'conclusion')
    };
};
const rateLimited = (error, message) => {
    const headers = error.response?.headers;
    return String(headers?.['x-ratelimit-remaining']) === '0' || /rate limit/i.test(message);
};
/** What a failed call means: GitHub refused the token Actions (403), or the runs are unknown. */
const describe = (error, what, token) => {
    const status = error.status;
    const message = (0,src_text/* escapeLine */.EH)((0,src_text/* redactAll */.$I)(String(error.message ?? error), token === '' ? [] : [token]), 200);
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
const last_success_retryable = (error) => {
    const status = error.status;
    if (error.cause instanceof http/* TooLarge */.MF)
        return false;
    return typeof status !== 'number' || (status >= 500 && status !== 501);
};
/** One call, tried once more a second later when that may help and the deadline allows. */
const call = async (get, what, facts) => {
    try {
        return { answer: await get() };
    }
    catch (error) {
        if (!last_success_retryable(error) || Date.now() + last_success_RETRY_AFTER_MS >= facts.deadline)
            return describe(error, what, facts.token);
    }
    await new Promise((resolve) => setTimeout(resolve, last_success_RETRY_AFTER_MS));
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
    const deployed = (0,sources_range/* findHead */.mW)(facts.event);
    if ('unknown' in deployed)
        return deployed;
    const { head } = deployed;
    const branch = branchOf(facts.event, facts.ref);
    if (branch === undefined)
        return {
            unknown: `changed_since is last-success, but this run is not on a branch (the ${(0,src_text/* quote */.hD)(facts.event.name || 'unknown', 40)} event, GITHUB_REF ${(0,src_text/* quote */.hD)(facts.ref ?? '', 80)}), so it has no earlier runs to compare with`,
            expected: true
        };
    const runId = facts.runId ?? '';
    if (!RUN_ID.test(runId))
        return {
            unknown: `changed_since is last-success, but GITHUB_RUN_ID (${(0,src_text/* quote */.hD)(runId, 40)}) is not a run ID, so this workflow's runs cannot be looked up`,
            expected: false
        };
    const current = await call(() => api.run(runId), `run ${runId} (GITHUB_RUN_ID)`, facts);
    if (!('answer' in current))
        return current;
    const workflowId = (0,sources_range/* field */.ZZ)(current.answer.data, 'workflow_id');
    if (typeof workflowId !== 'number' || !Number.isSafeInteger(workflowId) || workflowId <= 0)
        return {
            unknown: `GitHub's answer for run ${runId} (GITHUB_RUN_ID) is not a workflow run with a workflow_id`,
            expected: false
        };
    const what = `the successful runs of workflow ${workflowId} on branch ${(0,src_text/* quote */.hD)(branch, 100)}`;
    let atHead = 0;
    for (let page = 1; page <= last_success_MAX_PAGES; page++) {
        const got = await call(() => api.successes(workflowId, branch, page), what, facts);
        if (!('answer' in got))
            return got;
        const list = (0,sources_range/* field */.ZZ)(got.answer.data, 'workflow_runs');
        if (!Array.isArray(list))
            return { unknown: `GitHub's answer for ${what} is not a list of runs`, expected: false };
        for (const entry of list.slice(0, MAX_RUNS_PER_PAGE)) {
            const run = readRun(entry);
            if (run === undefined || run.conclusion !== 'success' || run.branch !== branch)
                continue;
            if (run.id === Number(runId) || run.sha === head) {
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
        if (page === last_success_MAX_PAGES)
            return {
                unknown: `changed_since is last-success, but the ${atHead} most recent successful runs of this workflow on branch ${(0,src_text/* quote */.hD)(branch, 100)} all ran at ${(0,sources_range/* shortSha */.Fu)(head)}, the commit deployed, and no older one is looked for`,
                expected: true
            };
    }
    return {
        unknown: `changed_since is last-success, but this workflow has no earlier successful run on branch ${(0,src_text/* quote */.hD)(branch, 100)}${atHead > 0 ? ` (${atHead} at ${(0,sources_range/* shortSha */.Fu)(head)}, the commit deployed, do not count)` : ''}, so there is no deploy to compare with`,
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
        const own = (0,sources_range/* findRange */.pj)(facts.event, undefined);
        const whose = facts.event.name === 'push' ? "the push's" : "the event's";
        const instead = 'unknown' in own
            ? `${whose} own range cannot be used either`
            : `Comparing ${whose} own range, ${(0,sources_range/* shortSha */.Fu)(own.base)}...${(0,sources_range/* shortSha */.Fu)(own.head)}, instead: the changes of cancelled or failed runs before it are not purged`;
        const text = `changed_since: last-success needs the job permission "actions: read" to list this workflow's runs (${result.forbidden}); add "actions: read" to the workflow's permissions block. ${instead}.`;
        found.sinceWarning = text;
        log.warning(text, TITLE);
        return own;
    }
    if ('unknown' in result)
        return result;
    const { since } = result;
    found.since = since;
    log.info(`changed_since: last-success: comparing from ${(0,sources_range/* shortSha */.Fu)(since.sha)}, the commit of run #${since.number}, the last successful run of this workflow on branch ${(0,src_text/* quote */.hD)(since.branch, 100)}${since.runUrl === undefined ? '' : ` (${since.runUrl})`}.`);
    return { base: result.base, head: result.head };
};

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/inputs/workspace-file.ts
var workspace_file = __webpack_require__(5247);
// EXTERNAL MODULE: ./src/cloudflare/backoff.ts
var backoff = __webpack_require__(7099);
// EXTERNAL MODULE: ./src/cloudflare/rate-headers.ts
var rate_headers = __webpack_require__(4842);
// EXTERNAL MODULE: ./src/clock.ts
var clock = __webpack_require__(9373);
;// CONCATENATED MODULE: ./src/sources/sitemap-fetch.ts
/**
 * One sitemap downloaded over HTTP. Redirects are followed by hand, at most five, so that every
 * hop is checked (the origin an index's sitemaps must stay on, no step down from https, no user
 * name or password); a transient answer (408, 429, 5xx, a reset connection, no answer in time)
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
const MAX_REDIRECTS = 5;
/** The longest `Retry-After` waited for: a site that asks for more is failed at once. */
const MAX_RETRY_AFTER_MS = 30_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const isTransient = (status) => status === 408 || status === 429 || status >= 500;
/** The clock of epoch milliseconds, which deadlines given as `Date.now() + ms` are measured on. */
const epochClock = { now: () => Date.now(), sleep: clock/* realClock */.d.sleep };
/**
 * Why a redirect from `from` to `to` is not followed, or undefined. `origin`, when given, is the
 * origin every hop must stay on: that of the index that listed the sitemap.
 */
const redirectProblem = (from, to, origin) => {
    const shown = (0,src_text/* quote */.hD)((0,rules/* shownUrl */.zA)(to.href), 200);
    if (to.protocol !== 'http:' && to.protocol !== 'https:')
        return `redirects to ${shown}, which is not an http(s) URL: refused`;
    if (to.username !== '' || to.password !== '')
        return `redirects to ${shown}, a URL with a user name or password: refused`;
    if (from.protocol === 'https:' && to.protocol === 'http:')
        return `redirects from https to ${shown}: refused`;
    if (origin !== undefined && to.origin !== origin)
        return `redirects to ${shown}, which is not on ${(0,src_text/* quote */.hD)(origin, 100)}, the origin of the index that lists it: refused`;
    return undefined;
};
/** The detail of a failed request: the error's code, never a stack. */
const requestDetail = (error) => {
    const cause = error.cause;
    return cause?.code ?? cause?.message ?? error.message;
};
const resolve = (location, base) => {
    if (location === null)
        return undefined;
    try {
        return new URL(location, base);
    }
    catch {
        return undefined;
    }
};
const attempt = async (start, options, origin) => {
    const left = options.deadline - (options.clock ?? epochClock).now();
    if (left <= 0)
        return { transient: ": the step's timeout ran out before it", outOfTime: true };
    const timeoutMs = Math.max(1, Math.round(Math.min(options.requestTimeoutMs, left)));
    const signal = AbortSignal.timeout(timeoutMs);
    let url = start;
    // Every reason names the hop it came from when that is not the URL asked for.
    const via = () => (url === start ? '' : ` (redirected to ${(0,src_text/* quote */.hD)((0,rules/* shownUrl */.zA)(url.href), 200)})`);
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
        if (REDIRECTS.has(response.status)) {
            const next = resolve(response.headers.get('location'), url);
            if (next === undefined)
                return { refused: `${via()} answered HTTP ${response.status} without a valid Location` };
            const problem = redirectProblem(url, next, origin);
            if (problem !== undefined)
                return { refused: `${via()} ${problem}` };
            if (hops >= MAX_REDIRECTS)
                return { refused: ` redirects more than ${MAX_REDIRECTS} times` };
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
    const name = `Sitemap ${(0,src_text/* quote */.hD)((0,rules/* shownUrl */.zA)(url.href))}`;
    // Node's fetch refuses such a URL with a message that quotes it whole, password included.
    if (url.username !== '' || url.password !== '')
        throw new SitemapError(`${name} has a user name or password in its URL; the action sends none to a sitemap, so it is not read`);
    const clock = options.clock ?? epochClock;
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
/** The `<loc>` of every `<url>` (or `<sitemap>` in an index), in document order. */
const parseSitemap = (text, maxLocs = MAX_SITEMAP_URLS) => {
    const state = { stack: [], locs: [], maxLocs };
    TOKEN.lastIndex = 0;
    const body = text.replace(/^\uFEFF/, '');
    while (TOKEN.lastIndex < body.length) {
        const match = TOKEN.exec(body);
        const [whole, cdata, slash, name, , selfClosing, chars, stray] = match;
        if (stray !== undefined)
            return { problem: 'is not well-formed XML (a stray "<")' };
        if (whole.startsWith('<!') && cdata === undefined && !whole.startsWith('<!--'))
            return {
                problem: 'has a DOCTYPE or another declaration, which a sitemap never needs: refused'
            };
        let problem;
        if (name !== undefined)
            problem = slash === '/' ? closeTag(state, name) : openTag(state, name, selfClosing === '/');
        else {
            const piece = cdata ?? (chars === undefined ? undefined : decodeText(chars));
            if (chars !== undefined && piece === undefined)
                return { problem: 'has a bare "&" or an entity XML does not define' };
            if (piece !== undefined)
                problem = addText(state, piece);
        }
        if (problem !== undefined)
            return { problem };
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
        throw new SitemapError(`Sitemap ${(0,src_text/* quote */.hD)((0,rules/* hideUserinfo */.kc)(source))} ${text.problem}`);
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
        throw new SitemapError(`Sitemap ${(0,src_text/* quote */.hD)((0,rules/* hideUserinfo */.kc)(source))} must be a file in the workspace or an http:// or https:// URL`);
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
            throw new SitemapError(`Sitemap ${(0,src_text/* quote */.hD)((0,rules/* hideUserinfo */.kc)(source))} leads to more than ${MAX_SITEMAPS} sitemaps`);
        documents.push(next.source);
        const shown = (0,src_text/* quote */.hD)((0,rules/* hideUserinfo */.kc)(next.source));
        const { text, servedFrom } = await load(next.source, options, next.origin);
        if (servedFrom !== undefined)
            seen.add(servedFrom.href);
        const parsed = parseSitemap(text);
        if ('problem' in parsed)
            throw new SitemapError(`Sitemap ${shown} ${parsed.problem}`);
        if (parsed.kind === 'urlset' && urls.length + parsed.locs.length > MAX_SITEMAP_URLS)
            throw new SitemapError(`Sitemap ${(0,src_text/* quote */.hD)((0,rules/* hideUserinfo */.kc)(source))} lists more than ${MAX_SITEMAP_URLS.toLocaleString('en-US')} URLs in all: purge by prefix instead`);
        const problems = [];
        parsed.locs.forEach((loc, index) => {
            const problem = parsed.kind === 'sitemapindex' ? childProblem(loc, servedFrom?.origin) : (0,rules/* urlProblem */.rn)(loc);
            if (problem !== undefined) {
                if (problems.length < SHOWN_PROBLEMS)
                    problems.push(`<loc> ${index + 1} ${(0,src_text/* quote */.hD)((0,rules/* hideUserinfo */.kc)(loc), 100)} ${problem}`);
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
            else {
                const checked = (0,rules/* checkUrlEntry */.GI)(loc);
                if ('item' in checked)
                    urls.push(checked.item);
            }
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











const changes_TITLE = { title: 'Cloudflare purge' };
/** Where the run's facts come from on a runner: the event payload and GITHUB_* variables. */
const changes_REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
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
/**
 * The files that changed between the event's commits, or why that cannot be known (`expected`
 * when the event says so itself, not when something failed). Notes the range in `found`.
 */
const changedFiles = async (changed, requestTimeoutMs, env, found, log) => {
    if (!changes_REPOSITORY.test(env.repository))
        return { unknown: 'GITHUB_REPOSITORY is not set to "owner/name"', expected: false };
    const github = {
        apiUrl: env.githubApiUrl,
        token: changed.githubToken,
        repository: env.repository,
        userAgent: env.userAgent,
        requestTimeoutMs,
        deadline: env.deadline
    };
    const range = changed.since === inputs_changed/* LAST_SUCCESS */.tI
        ? await lastSuccessRange(env.runs ?? octokitRuns(github), {
            event: env.event,
            runId: env.runId,
            ref: env.ref,
            serverUrl: env.serverUrl,
            repository: env.repository,
            deadline: env.deadline,
            token: changed.githubToken
        }, found, log)
        : (0,sources_range/* findRange */.pj)(env.event, changed.since);
    if ('unknown' in range)
        return range;
    found.range = { base: range.base, head: range.head };
    const result = await filesBetween(env.compare ?? octokitCompare(github), range, env.deadline);
    if ('unknown' in result)
        return { unknown: result.unknown, expected: false };
    if (result.status === 'behind' || result.status === 'diverged') {
        found.range.status = result.status;
        const [base, head] = [(0,sources_range/* shortSha */.Fu)(range.base), (0,sources_range/* shortSha */.Fu)(range.head)];
        log.info(result.status === 'behind'
            ? `GitHub compares ${base}...${head} as "behind": ${head} is older than ${base} (a rollback), so the files of ${head}...${base} are purged, the files that differ between them.`
            : `GitHub compares ${base}...${head} as "diverged": neither is an ancestor of the other, so the files of both ${base}...${head} and ${head}...${base} are purged, every file that differs between them.`);
    }
    return { files: result.files };
};
/** changed_fallback, when the change set cannot be known: fail, or purge the prefix or all. */
const fallBack = (changed, why, collected, log) => {
    const reason = why.unknown;
    collected.found.fallback = { reason, rule: changed.fallback, prefix: changed.prefix };
    const message = `changed: ${reason}.`;
    if (changed.fallback === 'fail')
        throw new ChangeSetError(`${message} changed_fallback is "fail", so nothing was purged.`);
    const instead = changed.fallback === 'prefix'
        ? `purging the prefix ${changed.prefix} (site_url) instead`
        : 'purging everything in the zone instead';
    const text = `${message} Falling back to changed_fallback "${changed.fallback}": ${instead}.`;
    if (why.expected)
        log.notice(text, changes_TITLE);
    else
        log.warning(text, changes_TITLE);
    if (changed.fallback === 'prefix')
        collected.items.prefixes.push(changed.prefix);
    else
        collected.purgeEverything = true;
};
/** What the changed files purge, each file logged with what it purges in a group. */
const addFiles = async (changed, files, collected, log) => {
    const { found } = collected;
    const ruled = applyRules(files, changed);
    found.rows = ruled.rows;
    if (changed.rules.length > 0)
        found.rules = true;
    const where = changed.mapping.dir === '' ? 'the repository' : `${changed.mapping.dir}/`;
    await log.group(`Changed files: ${found.rows.length} between ${(0,sources_range/* shortSha */.Fu)(found.range.base)} and ${(0,sources_range/* shortSha */.Fu)(found.range.head)} (${(0,src_text/* escapeLine */.EH)(where, 100)} served at ${changed.mapping.siteUrl}): ${purgeSummary(ruled)}`, async () => logRows(found.rows, log));
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
const SHOWN_REFUSED = 5;
/** Changed files no valid URL could be made of: not purged, so said in a warning, never dropped. */
const warnRefused = (rows, log) => {
    const refused = rows.filter((row) => row.refused === true);
    if (refused.length === 0)
        return;
    const shown = refused
        .slice(0, SHOWN_REFUSED)
        .map((row) => `${(0,src_text/* quote */.hD)(row.path, 100)} (${(0,src_text/* escapeLine */.EH)(row.ignored ?? '', 300)})`);
    const more = refused.length - shown.length;
    log.warning(`Changed files: ${refused.length} file(s) not purged, because no valid URL can be made of them: ${shown.join('; ')}${more > 0 ? `; and ${more} more, listed in the log` : ''}.`, changes_TITLE);
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
        source: (0,rules/* hideUserinfo */.kc)(source),
        urls: sitemap.urls.length,
        documents: sitemap.documents.length
    };
    log.info(`Sitemap ${(0,src_text/* quote */.hD)((0,rules/* hideUserinfo */.kc)(source))}: ${sitemap.urls.length} URL(s) from ${sitemap.documents.length} sitemap file(s).`);
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
            found.range === undefined
                ? 'the sitemap lists no URL'
                : `${refused === 0 ? nothingChanged(found.rows) : `no changed file could be purged by URL (${refused} refused, see the warning)`} between ${(0,sources_range/* shortSha */.Fu)(found.range.base)} and ${(0,sources_range/* shortSha */.Fu)(found.range.head)}${found.sitemap === undefined ? '' : ', and the sitemap lists no URL'}`;
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
    if (changed !== undefined) {
        const result = await changedFiles(changed, inputs.requestTimeoutMs, env, collected.found, log);
        if ('unknown' in result)
            fallBack(changed, result, collected, log);
        else
            await addFiles(changed, result.files, collected, log);
    }
    if (options.sitemap !== undefined)
        await addSitemap(options.sitemap, inputs, env, collected, log);
    const { found } = collected;
    const merged = merge(inputs, collected);
    // Nothing else to purge: fail now, as before any purge, rather than report an empty run.
    if (found.sitemapFailure !== undefined && merged.emptyReason !== undefined)
        throw new SitemapError(found.sitemapFailure);
    return { inputs: merged, found };
};


/***/ }),

/***/ 3495:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fu: () => (/* binding */ shortSha),
/* harmony export */   ZZ: () => (/* binding */ field),
/* harmony export */   mW: () => (/* binding */ findHead),
/* harmony export */   pj: () => (/* binding */ findRange)
/* harmony export */ });
/* harmony import */ var _inputs_changed_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1093);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8992);


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
 * The commits to compare: `changed_since` (or the push's `before`, or the pull request's base)
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
        unknown: `the ${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(name || 'unknown', 40)} event carries no range of commits: set changed_since to the commit or tag to compare from`,
        expected: true
    };
};


/***/ })

};
