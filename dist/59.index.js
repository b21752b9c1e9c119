export const id = 59;
export const ids = [59];
export const modules = {

/***/ 9059:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   withChanges: () => (/* binding */ withChanges)
/* harmony export */ });
/* unused harmony export changedSections */
/* harmony import */ var _sources_range_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3495);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8992);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4285);



/** GitHub takes at most 1 MiB of summary per step: the table stops well short of it. */
const SECTION_BYTES = 300_000;
const fallbackSection = ({ rule, prefix, reason }) => ({
    heading: '⚠️ Changed files: fallback used',
    body: `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(reason)}.\n\nchanged_fallback is <b>${rule}</b>: ${rule === 'prefix' ? `purged the prefix ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(prefix)} (site_url)` : rule === 'everything' ? 'purged everything in the zone' : 'nothing was purged'}.`
});
const tableRow = (row) => `| ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .cell */ .Hn)((0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeLine */ .EH)(row.path, 300))} | ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .cell */ .Hn)((0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeLine */ .EH)(row.change, 320))} | ${row.ignored === undefined ? row.urls.map((url) => (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .cell */ .Hn)((0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeLine */ .EH)(url, 400))).join('<br>') : `not purged: ${row.ignored}`} |\n`;
const rangeSection = (range, rows) => {
    const heading = `Changed files between ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)((0,_sources_range_js__WEBPACK_IMPORTED_MODULE_0__/* .shortSha */ .Fu)(range.base))} and ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)((0,_sources_range_js__WEBPACK_IMPORTED_MODULE_0__/* .shortSha */ .Fu)(range.head))}`;
    if (rows.length === 0)
        return { heading, body: 'No file changed.' };
    let body = '| File | Change | URLs purged |\n| --- | --- | --- |\n';
    // Counted as the section renders under a `###` heading, the heading included.
    let size = Buffer.byteLength(`### ${heading}\n\n${body}`);
    let shown = 0;
    for (const row of rows) {
        const line = tableRow(row);
        size += Buffer.byteLength(line);
        if (size > SECTION_BYTES)
            break;
        body += line;
        shown++;
    }
    if (shown < rows.length)
        body += `\n... and ${rows.length - shown} more file(s), listed in the log.\n`;
    const purged = rows.filter((row) => row.ignored === undefined);
    body += `\n${purged.length} of ${rows.length} file(s) map to URLs under site_url.`;
    return { heading, body };
};
const sitemapSection = ({ source, urls, documents }) => ({
    body: `Sitemap ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)((0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeLine */ .EH)(source, 300))}: ${urls} URL(s) from ${documents} sitemap file(s).`
});
const unreadSection = (failure) => ({
    heading: '❌ Sitemap not read',
    body: `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(failure)}.\n\nNone of its URLs were purged. The rest of the run went on without them, and the step fails so that this is not missed: run it again once the sitemap can be read.`
});
/** The summary's sections on the change set and the sitemap; none when neither found anything. */
const changedSections = (found) => {
    const sections = [];
    if (found.fallback !== undefined)
        sections.push(fallbackSection(found.fallback));
    else if (found.range !== undefined)
        sections.push(rangeSection(found.range, found.rows));
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
const withChanges = (report, found) => {
    const sections = changedSections(found);
    if (sections.length === 0)
        return report;
    const summary = { ...report.summary, sections: [...report.summary.sections, ...sections] };
    if (found.sitemapFailure === undefined)
        return { ...report, summary };
    const rest = report.summary.status === 'dry-run'
        ? 'the dry run went on without them'
        : 'the other items were, as the job summary says';
    const failure = `${found.sitemapFailure}. None of its URLs were purged; ${rest}.`;
    return {
        ...report,
        summary: {
            ...summary,
            status: 'failure',
            title: `${report.summary.title}, ${report.failure === undefined ? 'but' : 'and'} the sitemap was not read`
        },
        failure: report.failure === undefined ? failure : `${report.failure} ${failure}`,
        title: report.failure === undefined ? 'Sitemap not read' : report.title
    };
};


/***/ }),

/***/ 3495:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fu: () => (/* binding */ shortSha),
/* harmony export */   ZZ: () => (/* binding */ field),
/* harmony export */   pj: () => (/* binding */ findRange)
/* harmony export */ });
/* harmony import */ var _inputs_changed_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1519);
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
    return { base, head, linear: true };
};
/**
 * The commits to compare: `changed_since` (or the push's `before`, or the pull request's base)
 * to the commit deployed. Says why when the event gives no range that can be trusted.
 */
const findRange = (event, since) => {
    const { payload, name } = event;
    const pull = name === 'pull_request' || name === 'pull_request_target';
    const headField = name === 'push' ? field(payload, 'after') : field(payload, 'pull_request', 'head', 'sha');
    const head = shaOf(headField) ?? (pull || name === 'push' ? undefined : shaOf(event.sha));
    if (head === undefined)
        return {
            unknown: `the commit deployed is not known: ${pull ? 'the event payload has no pull_request.head.sha' : name === 'push' ? 'the push event has no valid "after"' : 'GITHUB_SHA is not a commit SHA'}`,
            expected: false
        };
    if (name === 'push' && (ZEROS.test(head) || field(payload, 'deleted') === true))
        return { unknown: 'the push deleted the branch', expected: true };
    if (since !== undefined)
        return { base: since, head, linear: true };
    if (name === 'push')
        return pushRange(payload, head);
    if (pull) {
        const base = shaOf(field(payload, 'pull_request', 'base', 'sha'));
        if (base === undefined)
            return { unknown: 'the event payload has no valid pull_request.base.sha', expected: false };
        return { base, head, linear: false };
    }
    return {
        unknown: `the ${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(name || 'unknown', 40)} event carries no range of commits: set changed_since to the commit or tag to compare from`,
        expected: true
    };
};


/***/ })

};
