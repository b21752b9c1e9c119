export const id = 237;
export const ids = [237];
export const modules = {

/***/ 53237:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   environmentParts: () => (/* binding */ environmentParts),
/* harmony export */   explained: () => (/* binding */ explained)
/* harmony export */ });
/* harmony import */ var _cloudflare_environments_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(29353);
/* harmony import */ var _cloudflare_codes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(50145);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _plan_plan_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(48720);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(48992);
/**
 * The environments a step purges (`environment`: names and IDs of one zone's environments): each
 * found before any purge request, checked against what the step sends, and purged on its own.
 * Loaded only by a step that names an environment.
 */





const TITLE = { title: 'Cloudflare purge' };
const nameOf = (e) => (0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)((0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .flattenLine */ .F3)(e.name, 60), 60);
/** Reads the zone's list of environments, saying what it found, and if it was cut short. */
const readList = (zone, get, options, log) => log.group(`Looking up the environments of zone ${zone.label}`, async () => {
    const list = await (0,_cloudflare_environments_js__WEBPACK_IMPORTED_MODULE_0__/* .listEnvironments */ .DO)(zone.id, zone.label, get, options, zone.name);
    for (const e of list.environments.slice(0, 20))
        log.info(`Environment ${nameOf(e)} has the ID ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .flattenLine */ .F3)(e.ref, 40)}${e.production ? ' (production)' : ''}`);
    if (list.cutShort !== undefined)
        log.info(`The list of environments was cut short after ${list.environments.length} (${list.cutShort}): an environment not among them is not known to be absent.`);
    return list;
});
/** Each given environment as found; what cannot be found is an input issue, all said at once. */
const findAll = (given, list, zone) => {
    const listed = list?.environments;
    const issues = [];
    const found = [];
    for (const ref of given) {
        if (listed === undefined) {
            // An ID costs no lookup: it is sent as given.
            if (ref.by === 'id')
                found.push({ target: { given: ref.given, ref: ref.id }, listed: undefined });
            continue;
        }
        const match = (0,_cloudflare_environments_js__WEBPACK_IMPORTED_MODULE_0__/* .matchEnvironment */ .HK)(ref, listed, zone, list?.cutShort);
        if ('issue' in match) {
            issues.push(match.issue);
            continue;
        }
        const e = match.environment;
        found.push({
            target: {
                given: ref.given,
                ref: e.ref,
                name: (0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .flattenLine */ .F3)(e.name, 100),
                ...(e.production ? { production: true } : {})
            },
            listed: e
        });
    }
    if (issues.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(issues);
    return found;
};
/** One environment given twice (by name and by ID) is purged once, with a notice. */
const withoutRepeats = (found, log) => {
    const seen = new Map();
    return found.filter(({ target }) => {
        const first = seen.get(target.ref);
        if (first === undefined)
            return (seen.set(target.ref, target.given), true);
        log.notice(`Environment ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(target.given, 60)} is environment ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(first, 60)} again: it is purged once.`, TITLE);
        return false;
    });
};
/**
 * URLs cannot be purged in an environment that selects by IP, country, ASN or threat score
 * (Cloudflare answers 1136): known from the list, that is an input mistake, said before any purge.
 */
const refuseUrls = (found, urls) => {
    if (urls === 0)
        return;
    const issues = found.flatMap(({ target, listed }) => listed?.selectsBy === undefined
        ? []
        : [{ input: 'environment', value: target.given, problem: (0,_cloudflare_environments_js__WEBPACK_IMPORTED_MODULE_0__/* .urlsRefusedProblem */ .SG)(listed, urls) }]);
    if (issues.length > 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(issues);
};
/** Purging everything in production purges every environment of the zone: say so. */
const noticeProduction = (found, listed, everything, zone, log) => {
    if (!everything)
        return;
    const production = found.find((f) => f.target.production === true);
    if (production === undefined) {
        // Given by ID, an environment is not looked up: which one is production is not known here.
        const unlisted = found.filter((f) => f.listed === undefined).map((f) => f.target.given);
        if (listed === undefined && unlisted.length > 0)
            log.notice(`Purging everything in environment ${unlisted.map((id) => (0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(id, 40)).join(', ')}: if one is the production environment, that purges every environment of zone ${zone}; in another, only that one.`, TITLE);
        return;
    }
    const others = (listed ?? []).filter((e) => !e.production).map(nameOf);
    log.notice(`Purging everything in ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(production.target.name ?? production.target.given, 60)}, the production environment, purges every environment of zone ${zone}${others.length === 0 ? '' : ` (${others.slice(0, 8).join(', ')} too)`}, not only production.`, TITLE);
};
/**
 * The parts of a step that names environments: one per environment of its one zone, each with
 * every item of the step. Names are looked up with one `GET /zones/{zone_id}/environments`
 * through the run's paced GET; a step of IDs alone costs no lookup. Whatever is wrong (an unknown
 * name, a name two environments share, URLs for an environment that cannot take them) fails the
 * step before any purge request.
 */
const environmentParts = async (resolved, get, options, log, 
/** Adds the token check's finding to a refused list (10000 or 9109). */
explain = async () => { }) => {
    const { run } = resolved;
    const zone = run.zones[0];
    const zoneFound = resolved.found[0];
    if (!zoneFound.ok)
        throw zoneFound.error;
    const zoneName = zoneFound.name ?? zone.given;
    const zoneOf = { id: zoneFound.id, label: zoneName, name: zoneFound.name };
    const list = run.environments.some((e) => e.by === 'name')
        ? await readList(zoneOf, get, options, log).catch(async (error) => {
            await explain(error, zoneName);
            throw error;
        })
        : undefined;
    const listed = list?.environments;
    const found = withoutRepeats(findAll(run.environments, list, zoneName), log);
    const urls = run.kinds.find((k) => k.kind === 'files')?.items.length ?? 0;
    refuseUrls(found, urls);
    const everything = run.kinds.some((k) => k.kind === 'purge_everything');
    noticeProduction(found, listed, everything, zoneName, log);
    const several = found.length > 1;
    return found.map(({ target }) => {
        const label = (0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .flattenLine */ .F3)(target.name ?? target.given, 60);
        return {
            plan: (0,_plan_plan_js__WEBPACK_IMPORTED_MODULE_4__/* .forZone */ .WZ)(run, zone, resolved.perZone[0], target, zoneFound.plan),
            found: zoneFound,
            say: (message) => (several ? `[${label}] ${message}` : message)
        };
    });
};
/**
 * A refusal about an environment's ID says where IDs come from, never to copy the zone's ID: the
 * zone was found, or its ID is the one thing the step did not look up.
 */
const explainRun = (error) => {
    if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ApiError */ .hD))
        return;
    if (error.codes.includes(_cloudflare_codes_js__WEBPACK_IMPORTED_MODULE_1__/* .NO_ROUTE */ .gH) || error.status === 404)
        error.message += ` ${_cloudflare_codes_js__WEBPACK_IMPORTED_MODULE_1__/* .ENVIRONMENT_ADVICE */ .pt[_cloudflare_codes_js__WEBPACK_IMPORTED_MODULE_1__/* .NO_ROUTE */ .gH]}`;
};
/** URLs refused in an environment given by ID: the same advice as when the list had shown it. */
const explainKind = (error) => {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ApiError */ .hD && error.codes.includes(_cloudflare_codes_js__WEBPACK_IMPORTED_MODULE_1__/* .URLS_ON_SELECTING_ENVIRONMENT */ .iY))
        error.message += ` ${_cloudflare_codes_js__WEBPACK_IMPORTED_MODULE_1__/* .ADVICE */ .hc[_cloudflare_codes_js__WEBPACK_IMPORTED_MODULE_1__/* .URLS_ON_SELECTING_ENVIRONMENT */ .iY]}`;
};
/** An environment's part once sent: its failures say what to do in an environment's terms. */
const explained = (part) => {
    explainRun(part.outcome.failure);
    for (const kind of part.outcome.kinds)
        explainKind(kind.stopped);
    return part;
};


/***/ })

};
