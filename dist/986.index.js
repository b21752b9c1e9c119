export const id = 986;
export const ids = [986];
export const modules = {

/***/ 28986:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   builtFiles: () => (/* binding */ builtFiles)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48992);
/* harmony import */ var _build_artifact_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(87157);
/* harmony import */ var _build_manifest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(94550);
/* harmony import */ var _build_tree_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17987);
/**
 * `changed: build`: what the built site changed, found by hashing every file under site_dir and
 * comparing with the manifest the last successful run of this workflow kept; the files that
 * differ are then mapped to URLs and rules as the files of a git diff are. This run's manifest is
 * kept only after the step succeeded (steps/keep-manifest.ts).
 */





/** Why no earlier manifest could be used, in words that name the case and what to do. */
const WHY = {
    'first-run': 'no earlier successful run of this workflow on this branch kept a manifest',
    expired: 'the manifest the last successful run kept has expired',
    'no-permission': 'reading the last successful run\'s manifest needs the job permission "actions: read"',
    'old-format': 'the last successful run kept a manifest in an older format',
    'too-large': "the last successful run's manifest is larger than the action reads",
    malformed: "the last successful run's manifest is not a manifest the action can read",
    unreachable: "the last successful run's manifest could not be read"
};
/** The first run of all, whose detail would only say the reason again. */
const plainFirstRun = (previous) => previous.reason === 'first-run' &&
    /^last-success: this workflow has no earlier successful run on branch [^(]*, so/.test(previous.detail);
/** Cases the event explains (a notice), as against something that failed (a warning). */
const EXPECTED = ['first-run', 'expired', 'old-format'];
/**
 * Hashes the built site and compares it with the last kept manifest. A site that cannot be
 * hashed is a failure of the step (a folder not built, or one that changed while read); no
 * earlier manifest is the fallback, said with which case it was.
 */
const builtFiles = async (changed, env, found) => {
    const root = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(env.workspace, changed.mapping.dir);
    const tree = await (0,_build_tree_js__WEBPACK_IMPORTED_MODULE_4__/* .hashTree */ .vz)(root, env.signal === undefined ? {} : { signal: env.signal }).catch((error) => {
        if (error instanceof _build_tree_js__WEBPACK_IMPORTED_MODULE_4__/* .TreeError */ .jh)
            throw new _build_tree_js__WEBPACK_IMPORTED_MODULE_4__/* .TreeError */ .jh(`changed: build hashes the built site in site_dir (${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(changed.siteDirInput)}): ${error.message}. Run this step after the build.`);
        throw error;
    });
    const previous = await (0,_build_artifact_js__WEBPACK_IMPORTED_MODULE_2__/* .previousManifest */ .Rs)(env.runs, env.facts, env.read, (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_3__/* .compareWithManifest */ .bF)(tree.files));
    if ('reason' in previous)
        return {
            unknown: `${WHY[previous.reason]}${plainFirstRun(previous) ? '' : ` (${previous.detail.replace(/^last-success: /, '')})`}, so what the build changed cannot be known`,
            expected: EXPECTED.includes(previous.reason),
            tree: tree.files
        };
    const { diff } = previous.read;
    found.since = previous.run;
    found.build = {
        files: tree.files.size,
        changed: diff.changed.length,
        added: diff.added.length,
        removed: diff.removed.length,
        unchanged: diff.unchanged.length,
        skipped: tree.skipped.symlinks + tree.skipped.special
    };
    return { files: (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_3__/* .diffAsChangedFiles */ .V)(diff, changed.mapping.dir), tree: tree.files };
};


/***/ })

};
