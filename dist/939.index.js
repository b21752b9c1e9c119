export const id = 939;
export const ids = [939];
export const modules = {

/***/ 4939:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  environmentParts: () => (/* binding */ environmentParts),
  explained: () => (/* binding */ explained)
});

// EXTERNAL MODULE: ./src/cloudflare/client.ts
var client = __webpack_require__(8756);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: ./src/cloudflare/codes.ts
var codes = __webpack_require__(145);
// EXTERNAL MODULE: ./src/cloudflare/verdict.ts
var verdict = __webpack_require__(5414);
// EXTERNAL MODULE: ./src/cloudflare/retried-get.ts
var retried_get = __webpack_require__(5685);
// EXTERNAL MODULE: ./src/cloudflare/zone-lookup.ts
var zone_lookup = __webpack_require__(1480);
;// CONCATENATED MODULE: ./src/cloudflare/environments.ts
/**
 * A zone's environments (Version Management): reading `GET /zones/{zone_id}/environments`, and
 * what an environment's `expression` tells before anything is sent.
 */







/** More environments than any zone has; what is read of an answer stops here. */
const MAX_ENVIRONMENTS = 1000;
/** What an environment ID may be in a request path: Cloudflare's IDs are at most 32 characters. */
const PATH_ID = /^[0-9a-z]{1,32}$/i;
const NEEDS_VERSIONING_READ = 'Reading a zone\'s environments needs the "Zone Versioning Read" permission: add it to the token, or give each environment\'s ID (28 to 32 hex characters, the `ref` field of `GET /zones/{zone_id}/environments`) in "environment" instead of its name.';
// String literals cannot select anything: a host such as "ip.src.example.com" is not a field.
const STRINGS = /r(#+)"[^]*?"\1|"(?:[^"\\]|\\.)*"/g;
/**
 * Fields of Cloudflare's rules language that select by the visitor's IP (`ip.src`, with its
 * country, ASN and the like), its location (`ip.geoip.*`) or its threat score: Cloudflare refuses
 * purges by URL in such an environment (error 1136). Other fields, such as `cf.edge.server_ip`,
 * are left to Cloudflare's answer: refusing a purge that would have worked is worse than one
 * refused request.
 */
const SELECTING_FIELD = /(?<![\w.])(ip\.src(?:\.[a-z_]+)*|ip\.geoip\.[a-z_]+|cf\.threat_score)(?![\w.])/i;
const ONLY_ZONE_NAME = /^\(*\s*cf\.zone\.name\s+(?:eq|==)\s+"[^"\\]*"\s*\)*$/;
/**
 * Longer expressions than Cloudflare's rules take are not read: taking the strings out of one
 * costs time that grows with the square of its raw-string openers, and Cloudflare's answer to the
 * purge (1136) still says what this check would have.
 */
const MAX_EXPRESSION = 16 * 1024;
/** The field by which `expression` selects requests that URL purges cannot reach, if any. */
const selectingField = (expression) => expression.length > MAX_EXPRESSION
    ? undefined
    : SELECTING_FIELD.exec(expression.replace(STRINGS, '""'))?.[1]?.toLowerCase();
const isProductionExpression = (expression) => ONLY_ZONE_NAME.test(expression.trim());
/** The environments of a list's answer (`result.environments`); a malformed answer is an error. */
const readEnvironmentList = (result, zone) => {
    const listed = result?.environments;
    if (!Array.isArray(listed))
        throw new errors/* ApiError */.hD(0, [{ message: 'the answer was not a list of environments' }], `Could not list the environments of zone ${zone}: `);
    return listed.slice(0, MAX_ENVIRONMENTS).flatMap((entry) => {
        const e = (entry ?? {});
        if (typeof e.name !== 'string' || typeof e.ref !== 'string')
            return [];
        const expression = typeof e.expression === 'string' ? e.expression : '';
        return [
            {
                name: e.name,
                ref: e.ref,
                expression,
                production: isProductionExpression(expression),
                selectsBy: selectingField(expression)
            }
        ];
    });
};
/** An environment's name as messages quote it: outside text, one line, bounded. */
const named = (e) => (0,src_text/* quote */.hD)((0,src_text/* flattenLine */.F3)(e.name, 40), 40);
/** Environments listed in a message: a message of an input issue stays under 600 characters. */
const SHOWN = 8;
const refOf = (e) => (0,src_text/* flattenLine */.F3)(e.ref, 40);
/** "its environments are "Production" (12ab…), "Staging" (5d41…)": what the zone has. */
const listing = (environments, zone, withRefs) => {
    if (environments.length === 0)
        return `zone ${zone} has no environments (Version Management, an Enterprise feature, is not on for it, or the token sees none)`;
    const shown = environments
        .slice(0, SHOWN)
        .map((e) => (withRefs ? `${named(e)} (${refOf(e)})` : named(e)))
        .join(', ');
    const more = environments.length > SHOWN ? ` and ${environments.length - SHOWN} more` : '';
    return `its environments are ${shown}${more}`;
};
const issue = (given, problem) => ({
    issue: { input: 'environment', value: given.given, problem }
});
/**
 * The environment a name or an ID names in the zone's list: a name without regard to case (or,
 * failing that, a ref spelled out); never a guess. What is wrong is an input issue that lists
 * what the zone has.
 */
const matchEnvironment = (given, environments, zone) => {
    const wanted = ('id' in given ? given.id : given.name).toLowerCase();
    const byName = 'name' in given ? environments.filter((e) => e.name.toLowerCase() === wanted) : [];
    const found = byName.length > 0 ? byName : environments.filter((e) => e.ref.toLowerCase() === wanted);
    if (found.length > 1)
        return issue(given, `matches ${found.length} environments of zone ${zone} (${found.map(refOf).join(', ')}): give the ID of the one to purge`);
    const environment = found[0];
    if (environment === undefined) {
        if ('id' in given)
            return issue(given, `is not the ID of an environment of zone ${zone}; ${listing(environments, zone, true)}. ${codes/* WHERE_ENVIRONMENT_IDS_COME_FROM */.VQ}`);
        const hexLike = /^[0-9a-f]+$/i.test(given.name)
            ? ` (it is taken for a name: an environment ID has 28 to 32 hex characters, this has ${given.name.length})`
            : '';
        return issue(given, `is not an environment of zone ${zone}${hexLike}; ${listing(environments, zone, false)} (names match without regard to case)`);
    }
    if (!PATH_ID.test(environment.ref))
        throw new errors/* ApiError */.hD(0, [
            {
                message: `the answer gives environment ${named(environment)} an ID that is not one (${(0,src_text/* quote */.hD)(refOf(environment), 40)})`
            }
        ], `Could not list the environments of zone ${zone}: `);
    return { environment };
};
/** Why URLs cannot be purged in an environment that selects by IP, country, ASN or threat score. */
const urlsRefusedProblem = (environment, urls) => `selects requests by ${environment.selectsBy ?? 'IP'} (its expression: ${(0,src_text/* quote */.hD)((0,src_text/* flattenLine */.F3)(environment.expression, 160), 160)}), so Cloudflare does not purge it by URL (error ${codes/* URLS_ON_SELECTING_ENVIRONMENT */.iY}): ${codes/* INSTEAD_OF_URLS */.i1} Nothing was sent: not the ${urls} URL(s), nor the rest.`;
/**
 * Lists a zone's environments with `get`, the run's paced GET: the call waits its turn with the
 * zone lookups and purges, and counts against the API-wide quota like them. Retried like a zone
 * lookup; a refusal about the token's rights says which permission the call needs.
 */
const listEnvironments = async (zoneId, zone, get, options) => {
    const { clock, backoff, deadline } = options;
    const path = `/zones/${encodeURIComponent(zoneId)}/environments`;
    const context = `Could not list the environments of zone ${zone}: `;
    const timedOut = (last) => new errors/* TimeoutError */.MU(`Timed out listing the environments of zone ${zone}: the timeout ran out${last === '' ? '' : ` (last answer: ${last})`}`);
    const { reply, accepted } = await (0,retried_get/* retriedGet */.Q)(path, (path, limit) => get(path, (0,client/* msOf */.QZ)(limit)), {
        clock,
        backoff,
        deadline: () => deadline,
        limit: () => Math.min(options.requestTimeoutMs, deadline - clock.now())
    }, timedOut);
    if (accepted && reply.type === 'ok')
        return readEnvironmentList(reply.result, zone);
    if (reply.type === 'refused') {
        const error = new errors/* ApiError */.hD(reply.status, reply.errors, context);
        if ((0,zone_lookup/* isForbidden */.US)(error))
            error.message += ` ${NEEDS_VERSIONING_READ}`;
        throw error;
    }
    if (reply.type === 'garbled')
        throw new errors/* ApiError */.hD(reply.status, [{ message: reply.detail }], context);
    if (reply.type === 'unreachable')
        throw new Error(`${context}${(0,verdict/* unreachable */.HB)(reply.detail)}`);
    throw new errors/* ApiError */.hD(reply.status, [{ message: 'the answer was not a list of environments' }], context);
};

// EXTERNAL MODULE: ./src/plan/plan.ts
var plan = __webpack_require__(8720);
;// CONCATENATED MODULE: ./src/steps/environments.ts
/**
 * The environments a step purges (`environment`: names and IDs of one zone's environments): each
 * found before any purge request, checked against what the step sends, and purged on its own.
 * Loaded only by a step that names an environment.
 */





const TITLE = { title: 'Cloudflare purge' };
const nameOf = (e) => (0,src_text/* quote */.hD)((0,src_text/* flattenLine */.F3)(e.name, 60), 60);
/** Reads the zone's list of environments, saying what it found. */
const readList = (zoneId, zone, get, options, log) => log.group(`Looking up the environments of zone ${zone}`, async () => {
    const listed = await listEnvironments(zoneId, zone, get, options);
    for (const e of listed.slice(0, 20))
        log.info(`Environment ${nameOf(e)} has the ID ${(0,src_text/* flattenLine */.F3)(e.ref, 40)}${e.production ? ' (production)' : ''}`);
    return listed;
});
/** Each given environment as found; what cannot be found is an input issue, all said at once. */
const findAll = (given, listed, zone) => {
    const issues = [];
    const found = [];
    for (const ref of given) {
        if (listed === undefined) {
            // An ID costs no lookup: it is sent as given.
            if ('id' in ref)
                found.push({ target: { given: ref.given, ref: ref.id }, listed: undefined });
            continue;
        }
        const match = matchEnvironment(ref, listed, zone);
        if ('issue' in match) {
            issues.push(match.issue);
            continue;
        }
        const e = match.environment;
        found.push({
            target: {
                given: ref.given,
                ref: e.ref,
                name: (0,src_text/* flattenLine */.F3)(e.name, 100),
                ...(e.production ? { production: true } : {})
            },
            listed: e
        });
    }
    if (issues.length > 0)
        throw new errors/* InputError */.dz(issues);
    return found;
};
/** One environment given twice (by name and by ID) is purged once, with a notice. */
const withoutRepeats = (found, log) => {
    const seen = new Map();
    return found.filter(({ target }) => {
        const first = seen.get(target.ref);
        if (first === undefined)
            return (seen.set(target.ref, target.given), true);
        log.notice(`Environment ${(0,src_text/* quote */.hD)(target.given, 60)} is environment ${(0,src_text/* quote */.hD)(first, 60)} again: it is purged once.`, TITLE);
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
        : [{ input: 'environment', value: target.given, problem: urlsRefusedProblem(listed, urls) }]);
    if (issues.length > 0)
        throw new errors/* InputError */.dz(issues);
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
            log.notice(`Purging everything in environment ${unlisted.map((id) => (0,src_text/* quote */.hD)(id, 40)).join(', ')}: if one is the production environment, that purges every environment of zone ${zone}; in another, only that one.`, TITLE);
        return;
    }
    const others = (listed ?? []).filter((e) => !e.production).map(nameOf);
    log.notice(`Purging everything in ${(0,src_text/* quote */.hD)(production.target.name ?? production.target.given, 60)}, the production environment, purges every environment of zone ${zone}${others.length === 0 ? '' : ` (${others.slice(0, 8).join(', ')} too)`}, not only production.`, TITLE);
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
    if ('error' in zoneFound)
        throw zoneFound.error;
    const zoneName = zoneFound.name ?? zone.given;
    const listed = run.environments.some((e) => 'name' in e)
        ? await readList(zoneFound.id, zoneName, get, options, log).catch(async (error) => {
            await explain(error, zoneName);
            throw error;
        })
        : undefined;
    const found = withoutRepeats(findAll(run.environments, listed, zoneName), log);
    const urls = run.kinds.find((k) => k.kind === 'files')?.items.length ?? 0;
    refuseUrls(found, urls);
    const everything = run.kinds.some((k) => k.kind === 'purge_everything');
    noticeProduction(found, listed, everything, zoneName, log);
    const several = found.length > 1;
    return found.map(({ target }) => {
        const label = (0,src_text/* flattenLine */.F3)(target.name ?? target.given, 60);
        return {
            plan: (0,plan/* forZone */.WZ)(run, zone, resolved.perZone[0], target),
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
    if (!(error instanceof errors/* ApiError */.hD))
        return;
    if (error.codes.includes(codes/* NO_ROUTE */.gH) || error.status === 404)
        error.message += ` ${codes/* ENVIRONMENT_ADVICE */.pt[codes/* NO_ROUTE */.gH]}`;
};
/** URLs refused in an environment given by ID: the same advice as when the list had shown it. */
const explainKind = (error) => {
    if (error instanceof errors/* ApiError */.hD && error.codes.includes(codes/* URLS_ON_SELECTING_ENVIRONMENT */.iY))
        error.message += ` ${codes/* ADVICE */.hc[codes/* URLS_ON_SELECTING_ENVIRONMENT */.iY]}`;
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
