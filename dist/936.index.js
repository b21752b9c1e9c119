export const id = 936;
export const ids = [936];
export const modules = {

/***/ 1936:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  withChanges: () => (/* binding */ withChanges)
});

// UNUSED EXPORTS: changedSections

// EXTERNAL MODULE: ./src/sources/range.ts
var sources_range = __webpack_require__(3495);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(4285);
// EXTERNAL MODULE: ./src/inputs/changed-rules.ts
var changed_rules = __webpack_require__(7147);
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
        body: `Compared from run ${changes_since_link(since.runUrl, `#${since.number}`)} at commit ${changes_since_link(since.commitUrl, `<code>${(0,sources_range/* shortSha */.Fu)(since.sha)}</code>`)}: the last successful run of this workflow on branch ${(0,markdown/* code */.aY)(since.branch)} (\`changed_since: last-success\`).`
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
const RULED_HEADER = '| File | Change | Rule | Purged |\n| --- | --- | --- | --- |\n';
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
    return `| ${(0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(row.path, 300))} | ${(0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(row.change, 320))} | ${ruleCell} | ${purged} |\n`;
};

;// CONCATENATED MODULE: ./src/report/changes.ts




const fallbackSection = ({ rule, prefix, reason }) => ({
    heading: '⚠️ Changed files: fallback used',
    body: `${(0,markdown/* code */.aY)(reason)}.\n\nchanged_fallback is <b>${rule}</b>: ${rule === 'prefix' ? `purged the prefix ${(0,markdown/* code */.aY)(prefix)} (site_url)` : rule === 'everything' ? 'purged everything in the zone' : 'nothing was purged'}.`
});
const tableRow = (row) => `| ${(0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(row.path, 300))} | ${(0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(row.change, 320))} | ${row.ignored === undefined ? row.urls.map((url) => (0,markdown/* cell */.Hn)((0,src_text/* escapeLine */.EH)(url, 400))).join('<br>') : `not purged: ${row.ignored}`} |`;
/** The table of changed files: the first rows to go when the summary is over GitHub's limit. */
const rangeSection = (found) => {
    const { range, rows } = found;
    const heading = `Changed files between ${(0,markdown/* code */.aY)((0,sources_range/* shortSha */.Fu)(range.base))} and ${(0,markdown/* code */.aY)((0,sources_range/* shortSha */.Fu)(range.head))}`;
    if (rows.length === 0)
        return { heading, body: 'No file changed.' + rangeNotes(found) };
    const ruledTable = found.rules === true;
    const purged = rows.filter((row) => row.ignored === undefined && row.rule === undefined);
    let after = `${purged.length} of ${rows.length} file(s) map to URLs under site_url.`;
    const ruled = rows.filter((row) => row.rule !== undefined && row.ignored === undefined).length;
    const skipped = rows.filter((row) => row.rule?.skip === true).length;
    if (ruledTable)
        after += ` ${ruled} purge what their changed_rules rule names; ${skipped} skipped by a rule.`;
    after += rangeNotes(found);
    return {
        heading,
        body: '',
        rows: {
            head: (ruledTable
                ? RULED_HEADER
                : '| File | Change | URLs purged |\n| --- | --- | --- |\n').trimEnd(),
            rows: rows.map((row) => ({
                text: (ruledTable ? ruledRow(row) : tableRow(row)).trimEnd(),
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
    else if (found.range !== undefined) {
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
