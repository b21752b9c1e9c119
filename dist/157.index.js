export const id = 157;
export const ids = [157];
export const modules = {

/***/ 87157:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LG: () => (/* binding */ MANIFEST_ARTIFACT),
  Rs: () => (/* binding */ previousManifest),
  $W: () => (/* binding */ storeManifest)
});

// UNUSED EXPORTS: MANIFEST_FILE, fetchManifest

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/clock.ts
var clock = __webpack_require__(99373);
// EXTERNAL MODULE: ./src/http.ts
var http = __webpack_require__(76803);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(48992);
// EXTERNAL MODULE: ./src/sources/build-manifest.ts
var build_manifest = __webpack_require__(94550);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/sources/build-zip.ts
/**
 * The one file of a downloaded artifact's zip, inflated as a stream under a byte bound. An
 * artifact's zip is outside bytes: the central directory is read first and every field checked
 * (one entry, the expected name, no encryption, no ZIP64, stored or deflated, sizes within the
 * bounds and a believable compression ratio) before a byte is inflated; while inflating, the
 * count of bytes is bounded again (the sizes a zip declares may lie), and the CRC-32 checked.
 */



const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** A directory entry or two may sit beside the file (some zip writers add them); no more. */
const MAX_ENTRIES = 4;
const malformed = (detail) => ({ reason: 'malformed', detail });
/** The End Of Central Directory record's offset, searched back over a comment's length. */
const findEnd = (zip) => {
    for (let at = zip.length - EOCD_SIZE; at >= Math.max(0, zip.length - EOCD_SIZE - MAX_COMMENT); at--)
        if (zip.readUInt32LE(at) === EOCD)
            return at;
    return -1;
};
/** The central directory's entries, or why the zip is not one this reader trusts. */
const readDirectory = (zip) => {
    const end = findEnd(zip);
    if (end < 0)
        return malformed('it is not a zip file (or is cut short)');
    const entries = zip.readUInt16LE(end + 10);
    const size = zip.readUInt32LE(end + 12);
    const start = zip.readUInt32LE(end + 16);
    if (entries === 0xffff || size === 0xffffffff || start === 0xffffffff)
        return { reason: 'too-large', detail: 'it is a ZIP64 archive, which no manifest needs' };
    if (entries === 0)
        return malformed('its zip is empty');
    if (entries > MAX_ENTRIES)
        return malformed(`its zip holds ${(0,src_text/* count */.U9)(entries)} entries, not one manifest`);
    if (start + size > end)
        return malformed('its zip directory lies outside the file');
    const list = [];
    for (let at = start, i = 0; i < entries; i++) {
        if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL)
            return malformed('its zip directory is broken');
        const nameLength = zip.readUInt16LE(at + 28);
        const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
        if (next > end)
            return malformed('its zip directory is broken');
        list.push({
            flags: zip.readUInt16LE(at + 8),
            method: zip.readUInt16LE(at + 10),
            crc: zip.readUInt32LE(at + 16),
            compressed: zip.readUInt32LE(at + 20),
            size: zip.readUInt32LE(at + 24),
            offset: zip.readUInt32LE(at + 42),
            name: zip.toString('utf8', at + 46, at + 46 + nameLength)
        });
        at = next;
    }
    return list;
};
/** The entry named `name` (a leading `/` allowed), alone beside folders, checked against the bounds. */
const pickEntry = (entries, name, limits) => {
    const files = entries.filter((entry) => !entry.name.endsWith('/'));
    const entry = files.find((e) => e.name === name || e.name === `/${name}`);
    if (files.length !== 1 || entry === undefined)
        return malformed(`its zip holds ${files.map((e) => (0,src_text/* quote */.hD)(e.name, 80)).join(', ') || 'no file'}, not ${(0,src_text/* quote */.hD)(name)} alone`);
    if ((entry.flags & 1) !== 0)
        return malformed('its zip entry is encrypted');
    if (entry.method !== 0 && entry.method !== 8)
        return malformed(`its zip entry is compressed with method ${entry.method}, not deflate`);
    if (entry.size > limits.maxManifestBytes)
        return {
            reason: 'too-large',
            detail: `its manifest says it inflates to ${(0,src_text/* count */.U9)(entry.size)} bytes, more than the ${(0,src_text/* count */.U9)(limits.maxManifestBytes)} read`
        };
    if (entry.size > Math.max(entry.compressed, 1) * limits.maxRatio)
        return {
            reason: 'too-large',
            detail: `its manifest says it inflates ${Math.round(entry.size / Math.max(entry.compressed, 1))} times over, as a zip bomb does (a manifest is near 3)`
        };
    if (entry.method === 0 && entry.size !== entry.compressed)
        return malformed('its stored zip entry has two sizes');
    return entry;
};
/** The entry's compressed bytes, found through its local header. */
const dataOf = (zip, entry) => {
    const at = entry.offset;
    if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL)
        return malformed('its zip entry is broken');
    const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
    if (zip.toString('utf8', at + 30, at + 30 + zip.readUInt16LE(at + 26)) !== entry.name)
        return malformed('its zip entry has two names');
    if (start + entry.compressed > zip.length)
        return malformed('its zip entry is cut short');
    return zip.subarray(start, start + entry.compressed);
};
/** Thrown inside the inflating stream, turned into a NoManifest by zipEntry's reader. */
class ZipFault extends Error {
    fault;
    constructor(fault) {
        super(fault.detail);
        this.fault = fault;
        this.name = 'ZipFault';
    }
}
/** Inflates `data`, yielding at most `entry.size` bytes, then checks the CRC-32 (Node >= 20.15). */
async function* inflate(data, entry) {
    const crc32 = external_node_zlib_.crc32;
    let crc = 0;
    let size = 0;
    const check = (chunk) => {
        size += chunk.byteLength;
        if (size > entry.size)
            throw new ZipFault(malformed('its zip entry inflates past the size it declares'));
        if (crc32 !== undefined)
            crc = crc32(chunk, crc);
    };
    if (entry.method === 0) {
        check(data);
        yield data;
    }
    else {
        const inflater = (0,external_node_zlib_.createInflateRaw)({ chunkSize: 64 * 1024 });
        inflater.end(data);
        try {
            for await (const chunk of inflater) {
                check(chunk);
                yield chunk;
            }
        }
        catch (error) {
            if (error instanceof ZipFault)
                throw error;
            throw new ZipFault(malformed(`its zip entry does not inflate (${error.message})`));
        }
        finally {
            inflater.destroy();
        }
    }
    if (size !== entry.size)
        throw new ZipFault(malformed('its zip entry inflates short of the size it declares'));
    if (crc32 !== undefined && crc >>> 0 !== entry.crc >>> 0)
        throw new ZipFault(malformed('its zip entry fails its CRC-32 check'));
}
/**
 * The inflated bytes of the zip's one file `name`, as a stream that throws a ZipFault when the
 * bytes turn out other than declared; or, before any inflating, why the zip is refused.
 */
const zipEntry = (zip, name, limits) => {
    if (zip.length > limits.maxZipBytes)
        return {
            reason: 'too-large',
            detail: `its zip is larger than ${(0,src_text/* count */.U9)(limits.maxZipBytes)} bytes`
        };
    const entries = readDirectory(zip);
    if ('reason' in entries)
        return entries;
    const entry = pickEntry(entries, name, limits);
    if ('reason' in entry)
        return entry;
    const data = dataOf(zip, entry);
    if ('reason' in data)
        return data;
    return inflate(data, entry);
};

// EXTERNAL MODULE: ./src/sources/github.ts
var github = __webpack_require__(90015);
// EXTERNAL MODULE: ./src/sources/last-success.ts
var last_success = __webpack_require__(50114);
;// CONCATENATED MODULE: ./src/sources/build-artifact.ts
/**
 * `changed: build`: this run's manifest kept as an artifact of the run, and the manifest an
 * earlier run kept, read back. Loaded only when `changed: build` is used.
 *
 * Storing goes through the official `@actions/artifact` (its runtime service calls, the upload to
 * blob storage, the finalize; see docs/build-diff.md), loaded with import() on first use. Reading
 * speaks the same REST calls as the package's `findBy` (list the run's artifacts by name; the zip
 * through a redirect to storage), but through the project's bounded Octokit and fetch: the
 * package's reading cannot be bounded (no abort signal, no size limit, five retries with waits,
 * and an unzip to disk of whatever the storage sends), and here every answer is bounded in size
 * and time, and every failure ends in a reason word, never a crash.
 */










/** The artifact's name (the lead names it in action.yml); unique within a run. */
const MANIFEST_ARTIFACT = 'cloudflare-purge-manifest';
/** The one file inside the artifact's zip. */
const MANIFEST_FILE = 'build-manifest.jsonl';
/** A list of a run's artifacts by name is a few KB; anything near this is not one. */
const MAX_LIST_BYTES = 4 * 1024 * 1024;
/** A request's signal: the run's cancel, the deadline, and request_timeout, whichever is first. */
const signalFor = (config) => {
    const timeout = (0,clock/* timeoutSignal */._)(Math.min(config.requestTimeoutMs, config.deadline - Date.now()));
    return config.signal === undefined ? timeout : AbortSignal.any([config.signal, timeout]);
};
/** What a failed request means, as a reason word; `what` names the call in the detail. */
const failure = (error, what, config) => {
    if (config.signal?.aborted)
        throw config.signal.reason;
    const status = error.status;
    const text = (0,src_text/* flattenLine */.F3)((0,src_text/* redactAll */.$I)(String(error.message ?? error), [config.token]), 200);
    if (error instanceof http/* TooLarge */.MF || error.cause instanceof http/* TooLarge */.MF)
        return { reason: 'too-large', detail: `${what}: ${text}` };
    if (Date.now() >= config.deadline)
        return { reason: 'unreachable', detail: `${what}: no answer within the step's timeout` };
    const answered = typeof status === 'number' && (status !== 500 || 'response' in error);
    if (answered && (status === 401 || (status === 403 && !(0,last_success/* rateLimited */.xd)(error, text))))
        return {
            reason: 'no-permission',
            detail: `${what}: GitHub answered HTTP ${status} (${text}); reading another run's artifacts needs the job permission "actions: read"`
        };
    if (answered && (status === 404 || status === 410))
        return { reason: 'expired', detail: `${what}: GitHub answered HTTP ${status} (${text})` };
    return {
        reason: 'unreachable',
        detail: answered ? `${what}: GitHub answered HTTP ${status} (${text})` : `${what}: ${text}`
    };
};
/** The newest artifact of that name in the answer (as the package picks it), checked. */
const pickArtifact = (data, name) => {
    const list = data?.artifacts;
    if (!Array.isArray(list))
        return { reason: 'unreachable', detail: "GitHub's list of the run's artifacts is not a list" };
    let best;
    for (const entry of list.slice(0, 1000)) {
        const { id, size_in_bytes: size, expired, created_at: createdAt } = entry ?? {};
        if (entry?.name !== name || typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0)
            continue;
        if (best !== undefined && best.id > id)
            continue;
        best = {
            id,
            size: typeof size === 'number' && size >= 0 ? size : 0,
            expired: expired === true,
            createdAt: typeof createdAt === 'string' ? createdAt.slice(0, 40) : undefined
        };
    }
    return best;
};
/** The artifact of run `runId` named `name`, or why there is none to read. */
const findArtifact = async (octokit, runId, config, limits) => {
    const name = config.name ?? MANIFEST_ARTIFACT;
    const [owner, repo] = config.repository.split('/');
    const what = `listing the artifacts of run ${runId}`;
    let data;
    try {
        const response = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', {
            owner: owner,
            repo: repo,
            run_id: runId,
            name,
            per_page: 100,
            request: { signal: signalFor(config) }
        });
        data = response.data;
    }
    catch (error) {
        const fault = failure(error, what, config);
        // A run GitHub does not know (404) has no manifest: deleted, or the token cannot see it.
        return fault.reason === 'expired' ? { reason: 'unreachable', detail: fault.detail } : fault;
    }
    const artifact = pickArtifact(data, name);
    if (artifact === undefined)
        return {
            reason: 'first-run',
            detail: `run ${runId} kept no artifact named ${(0,src_text/* quote */.hD)(name)} (it did not use changed: build, or its artifact was deleted)`
        };
    if ('reason' in artifact)
        return artifact;
    if (artifact.expired)
        return { reason: 'expired', detail: `the artifact ${(0,src_text/* quote */.hD)(name)} of run ${runId} has expired` };
    if (artifact.size > limits.maxZipBytes)
        return {
            reason: 'too-large',
            detail: `the artifact ${(0,src_text/* quote */.hD)(name)} of run ${runId} is ${artifact.size} bytes, more than the ${limits.maxZipBytes} read`
        };
    return artifact;
};
/** Where the REST API redirects the download: an http(s) URL, no user info, no https downgrade. */
const storageUrl = (location, apiUrl) => {
    if (typeof location !== 'string')
        return undefined;
    let url;
    try {
        url = new URL(location);
    }
    catch {
        return undefined;
    }
    if (url.username !== '' || url.password !== '')
        return undefined;
    if (url.protocol === 'https:')
        return url;
    return url.protocol === 'http:' && apiUrl.startsWith('http:') ? url : undefined;
};
/** The redirect to storage the REST API answers for the artifact's zip, or why not. */
const downloadUrl = async (octokit, id, config) => {
    const [owner, repo] = config.repository.split('/');
    const what = `downloading artifact ${id}`;
    let answer;
    try {
        answer = await octokit.request('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', {
            owner: owner,
            repo: repo,
            artifact_id: id,
            archive_format: 'zip',
            request: { redirect: 'manual', signal: signalFor(config) }
        });
    }
    catch (error) {
        return failure(error, what, config);
    }
    if (answer.status !== 302)
        return {
            reason: 'unreachable',
            detail: `${what}: GitHub answered HTTP ${answer.status}, not a redirect to storage`
        };
    const url = storageUrl(answer.headers.location, config.apiUrl);
    if (url === undefined)
        return {
            reason: 'unreachable',
            detail: `${what}: GitHub redirected to a location that is not an https URL`
        };
    return url;
};
/** The zip from storage: no token sent, no further redirect followed, at most maxZipBytes. */
const downloadZip = async (url, config, limits) => {
    // The signed URL's query is a credential: the detail names the host alone.
    const what = `downloading the artifact from ${url.host}`;
    try {
        const response = await fetch(url, {
            redirect: 'manual',
            headers: { 'user-agent': config.userAgent },
            signal: signalFor(config)
        });
        if (response.status !== 200) {
            await response.body?.cancel().catch(() => undefined);
            const again = response.status >= 300 && response.status < 400;
            return {
                reason: response.status === 404 || response.status === 410 ? 'expired' : 'unreachable',
                detail: `${what}: storage answered HTTP ${response.status}${again ? ', a second redirect, which is not followed' : ''}`
            };
        }
        const declared = Number(response.headers.get('content-length') ?? 0);
        if (declared > limits.maxZipBytes) {
            await response.body?.cancel().catch(() => undefined);
            return {
                reason: 'too-large',
                detail: `${what}: it is ${declared} bytes, more than the ${limits.maxZipBytes} read`
            };
        }
        return Buffer.from(await (0,http/* readBounded */.CB)(response, limits.maxZipBytes));
    }
    catch (error) {
        return failure(error, what, config);
    }
};
const isNoManifest = (value) => typeof value === 'object' && value !== null && 'reason' in value && 'detail' in value;
/** What `read` makes of the manifest inside the zip, or why it is not one. */
const manifestIn = async (zip, limits, read) => {
    const entry = zipEntry(zip, MANIFEST_FILE, limits);
    if ('reason' in entry)
        return entry;
    try {
        const result = await read(entry, limits);
        return isNoManifest(result) ? result : { read: result };
    }
    catch (error) {
        if (error instanceof ZipFault)
            return error.fault;
        throw error;
    }
    finally {
        await entry.return(undefined).catch(() => undefined);
    }
};
/**
 * The manifest run `runId` kept, found and downloaded as `@actions/artifact`'s findBy does,
 * every answer bounded, and given to `read`; or the reason word it cannot be used. Throws only
 * the signal's reason (a cancel).
 */
const fetchManifest = async (runId, config, read) => {
    const limits = config.limits ?? build_manifest/* MANIFEST_LIMITS */.T1;
    let octokit;
    try {
        octokit = await (0,github/* boundedOctokit */.Xs)({ ...config, maxAnswerBytes: MAX_LIST_BYTES });
    }
    catch (error) {
        return failure(error, 'loading the GitHub client', config);
    }
    const artifact = await findArtifact(octokit, runId, config, limits);
    if ('reason' in artifact)
        return artifact;
    const url = await downloadUrl(octokit, artifact.id, config);
    if ('reason' in url)
        return url;
    const zip = await downloadZip(url, config, limits);
    if ('reason' in zip)
        return zip;
    const result = await manifestIn(zip, limits, read);
    if ('reason' in result)
        return { reason: result.reason, detail: `the manifest of run ${runId}: ${result.detail}` };
    return {
        read: result.read,
        artifact: { id: artifact.id, size: zip.length, createdAt: artifact.createdAt }
    };
};
/**
 * The manifest of the last successful run of this workflow on this branch, found as
 * `last-success` finds that run (sources/last-success.ts); or the reason word there is none.
 */
const previousManifest = async (runs, facts, config, read) => {
    const found = await (0,last_success/* findLastSuccess */.bV)(runs, facts);
    config.signal?.throwIfAborted();
    if ('forbidden' in found)
        return {
            reason: 'no-permission',
            detail: `${found.forbidden}; listing this workflow's runs and reading their artifacts needs the job permission "actions: read"`
        };
    if ('unknown' in found)
        return { reason: found.expected ? 'first-run' : 'unreachable', detail: found.unknown };
    const fetched = await fetchManifest(found.since.id, config, read);
    return 'reason' in fetched ? fetched : { ...fetched, run: found.since };
};
/** Waits for `work`, at most until the deadline or the signal; a late rejection is swallowed. */
const within = async (work, deadline, signal) => {
    work.catch(() => undefined);
    let timer;
    let onAbort;
    const late = new Promise((resolve) => {
        timer = setTimeout(() => resolve('late'), (0,clock/* timerMs */.Q2)(deadline - Date.now()));
        onAbort = () => resolve('late');
        signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
        return await Promise.race([work, late]);
    }
    finally {
        clearTimeout(timer);
        if (onAbort !== undefined)
            signal?.removeEventListener('abort', onAbort);
    }
};
/** Lets the package's blob upload give up when it stalls past the time left (its own setting). */
const stallBound = (env, deadline) => {
    const KEY = 'ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS';
    const before = env[KEY];
    const own = Number.parseInt(before ?? '', 10);
    const left = Math.max(1000, deadline - Date.now());
    env[KEY] = String(Number.isFinite(own) && own > 0 ? Math.min(own, left) : left);
    return () => {
        if (before === undefined)
            delete env[KEY];
        else
            env[KEY] = before;
    };
};
/** Writes the manifest to a fresh folder and uploads it through @actions/artifact. */
const upload = (manifest, dir, config) => (async () => {
    await (0,build_manifest/* writeManifest */.HN)(manifest, (0,external_node_path_.join)(dir, MANIFEST_FILE));
    const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(351), __webpack_require__.e(645)]).then(__webpack_require__.bind(__webpack_require__, 9645));
    return new DefaultArtifactClient().uploadArtifact(config.name ?? MANIFEST_ARTIFACT, [(0,external_node_path_.join)(dir, MANIFEST_FILE)], dir, {
        ...(config.retentionDays === undefined ? {} : { retentionDays: config.retentionDays }),
        compressionLevel: 6
    });
})();
/**
 * Keeps `manifest` as an artifact of this run, through @actions/artifact (which reads
 * ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL, given to JavaScript actions only). Never
 * throws but the signal's reason: a manifest not stored is said, and the next run falls back.
 */
const storeManifest = async (manifest, config) => {
    config.signal?.throwIfAborted();
    const env = config.env ?? process.env;
    const token = env.ACTIONS_RUNTIME_TOKEN ?? '';
    if (token === '' || (env.ACTIONS_RESULTS_URL ?? '') === '')
        return {
            stored: false,
            detail: "ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set: the runner gives them to a JavaScript action's own process, not to run: steps"
        };
    let dir;
    try {
        dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(config.tempDir ?? env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), 'cf-purge-manifest-'));
    }
    catch (error) {
        return {
            stored: false,
            detail: `no folder to write it to (${(0,src_text/* flattenLine */.F3)(String(error), 200)})`
        };
    }
    const restore = stallBound(env, config.deadline);
    const uploaded = upload(manifest, dir, config);
    // Once the upload settles, however late, its file goes and the setting is put back.
    void uploaded
        .then(restore, restore)
        .finally(() => (0,promises_.rm)(dir, { recursive: true, force: true }).catch(() => undefined));
    try {
        const done = await within(uploaded, config.deadline, config.signal);
        config.signal?.throwIfAborted();
        if (done === 'late')
            return {
                stored: false,
                detail: "the artifact service did not finish within the step's timeout",
                abandoned: true
            };
        if (typeof done.id !== 'number')
            return { stored: false, detail: 'the artifact service gave no artifact ID' };
        return { stored: true, id: done.id, size: done.size ?? 0 };
    }
    catch (error) {
        config.signal?.throwIfAborted();
        const text = String(error.message ?? error);
        return { stored: false, detail: (0,src_text/* flattenLine */.F3)((0,src_text/* redactAll */.$I)(text, [token]), 300) };
    }
};


/***/ }),

/***/ 94550:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HN: () => (/* binding */ writeManifest),
/* harmony export */   T1: () => (/* binding */ MANIFEST_LIMITS),
/* harmony export */   V: () => (/* binding */ diffAsChangedFiles),
/* harmony export */   bF: () => (/* binding */ compareWithManifest)
/* harmony export */ });
/* unused harmony exports MANIFEST_FORMAT, MANIFEST_VERSION, manifestLines, pathProblem, readManifest, compareManifests */
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(46193);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_string_decoder__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_events__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(78474);
/* harmony import */ var node_events__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_events__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(48992);
/* harmony import */ var _build_tree_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17987);
/**
 * `changed: build`: the manifest of a build (every file of the built site with its SHA-256), how
 * it is written and read back, and what differs between two of them.
 *
 * The format, version 1, is JSON lines, so that neither writing nor reading ever holds it whole:
 *
 *     {"format":"cloudflare-purge-manifest","version":1,"algorithm":"sha256","createdAt":"2026-12-07T10:00:00.000Z","commit":"<40 hex>","files":2}
 *     ["about/index.html","<base64url SHA-256, 43 characters>"]
 *     ["index.html","<...>"]
 *
 * Paths are relative to the site's folder, `/`-separated, sorted by UTF-16 code unit, each once.
 * A manifest read back is outside text (another run's artifact, which anyone who can run the
 * workflow can shape): every line is checked, its size, count and shape bounded, before use.
 */





const MANIFEST_FORMAT = 'cloudflare-purge-manifest';
const MANIFEST_VERSION = 1;
const ALGORITHM = 'sha256';
/**
 * 500,000 files take ~55 MB of manifest (a 60-character path on average) and ~25 MB zipped;
 * the bounds leave room for long paths and stop well before memory is at risk.
 */
const MANIFEST_LIMITS = {
    maxZipBytes: 48 * 1024 * 1024,
    maxManifestBytes: 96 * 1024 * 1024,
    maxEntries: _build_tree_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_FILES */ .BE,
    maxRatio: 50
};
/** Longest line read: a path of 4,096 characters, each escaped as \uXXXX, and its hash. */
const MAX_LINE = 4096 * 6 + 64;
const HASH = /^[A-Za-z0-9_-]{43}$/;
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})?$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
/** The manifest's lines, header first, files sorted by path. */
function* manifestLines(manifest) {
    const paths = [...manifest.files.keys()].sort();
    yield `${JSON.stringify({
        format: MANIFEST_FORMAT,
        version: MANIFEST_VERSION,
        algorithm: ALGORITHM,
        createdAt: manifest.createdAt,
        commit: manifest.commit,
        files: paths.length
    })}\n`;
    for (const path of paths)
        yield `${JSON.stringify([path, manifest.files.get(path)])}\n`;
}
/** Writes the manifest to `file`, a line at a time, waiting when the disk is behind. */
const writeManifest = async (manifest, file) => {
    const out = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createWriteStream)(file, { flags: 'wx', highWaterMark: 256 * 1024 });
    const failed = (0,node_events__WEBPACK_IMPORTED_MODULE_2__.once)(out, 'error').then(([error]) => {
        throw error;
    });
    failed.catch(() => undefined);
    try {
        for (const line of manifestLines(manifest))
            if (!out.write(line))
                await Promise.race([(0,node_events__WEBPACK_IMPORTED_MODULE_2__.once)(out, 'drain'), failed]);
        out.end();
        await Promise.race([(0,node_events__WEBPACK_IMPORTED_MODULE_2__.once)(out, 'finish'), failed]);
    }
    finally {
        out.destroy();
    }
};
/** Why a path is no file's path inside a folder, or undefined. */
const pathProblem = (path) => {
    if (path.length === 0 || path.length > 4096)
        return 'is empty or longer than 4,096 characters';
    if (path.includes('\\') || path.includes('\0'))
        return 'has a backslash or a NUL character';
    if (path.split('/').some((part) => part === '' || part === '.' || part === '..'))
        return 'is absolute or has an empty, "." or ".." folder name';
    if (/\p{Cs}/u.test(path))
        return 'is not valid Unicode text (a lone surrogate)';
    return undefined;
};
/** The header line's facts, or why it is not a header this version reads. */
const readHeader = (line, limits) => {
    let header;
    try {
        header = JSON.parse(line);
    }
    catch {
        return { reason: 'malformed', detail: 'its first line is not JSON' };
    }
    const h = (typeof header === 'object' && header !== null ? header : {});
    if (h.format !== MANIFEST_FORMAT)
        return {
            reason: 'malformed',
            detail: `its first line does not name the format ${MANIFEST_FORMAT}`
        };
    if (h.version !== MANIFEST_VERSION || h.algorithm !== ALGORITHM)
        return {
            reason: 'old-format',
            detail: `it is version ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(String(h.version), 20)} (${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(String(h.algorithm), 20)}), and this version of the action reads version ${MANIFEST_VERSION} (${ALGORITHM})`
        };
    const { createdAt, commit, files } = h;
    if (typeof createdAt !== 'string' || !ISO_TIME.test(createdAt))
        return { reason: 'malformed', detail: 'its createdAt is not a UTC time' };
    if (typeof commit !== 'string' || !SHA.test(commit))
        return { reason: 'malformed', detail: 'its commit is not a commit SHA' };
    if (typeof files !== 'number' || !Number.isSafeInteger(files) || files < 0)
        return { reason: 'malformed', detail: 'its count of files is not a number' };
    if (files > limits.maxEntries)
        return {
            reason: 'too-large',
            detail: `it lists ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .count */ .U9)(files)} files, more than the ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .count */ .U9)(limits.maxEntries)} read`
        };
    return { createdAt, commit, files };
};
/**
 * One file line, or why it is not one. `after` is the path of the line before: paths must come
 * in ascending order, which is how a path listed twice is caught without remembering them all.
 */
const readEntry = (line, n, after) => {
    const bad = (what) => ({
        reason: 'malformed',
        detail: `line ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .count */ .U9)(n + 2)} ${what}`
    });
    let entry;
    try {
        entry = JSON.parse(line);
    }
    catch {
        return bad('is not JSON');
    }
    if (!Array.isArray(entry) || entry.length !== 2)
        return bad('is not a [path, hash] pair');
    const [path, hash] = entry;
    if (typeof path !== 'string' || typeof hash !== 'string' || !HASH.test(hash))
        return bad('is not a path and a SHA-256');
    const problem = pathProblem(path);
    if (problem !== undefined)
        return bad(`has the path ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(path, 100)}, which ${problem}`);
    if (after !== undefined && !(after < path))
        return bad(`lists ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(path, 100)} out of order or a second time`);
    return [path, hash];
};
/** Splits a stream of bytes into lines of at most MAX_LINE characters, or says it cannot. */
async function* linesOf(chunks, limits) {
    const decoder = new node_string_decoder__WEBPACK_IMPORTED_MODULE_0__.StringDecoder('utf8');
    let rest = '';
    let bytes = 0;
    for await (const chunk of chunks) {
        bytes += chunk.byteLength;
        if (bytes > limits.maxManifestBytes) {
            yield {
                reason: 'too-large',
                detail: `it is larger than ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .count */ .U9)(Math.round(limits.maxManifestBytes / 1024 / 1024))} MiB`
            };
            return;
        }
        const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        const lines = (rest + text).split('\n');
        rest = lines.pop();
        if (rest.length > MAX_LINE) {
            yield { reason: 'malformed', detail: 'it has a line longer than any path' };
            return;
        }
        yield* lines;
    }
    rest += decoder.end();
    if (rest !== '')
        yield { reason: 'malformed', detail: 'its last line is cut short' };
}
/**
 * A manifest's header, then each of its files, every line checked; a NoManifest ends it at the
 * first fault, and after the last file when the count differs from the header's.
 */
async function* entriesOf(chunks, limits) {
    let header;
    let n = 0;
    let after;
    for await (const line of linesOf(chunks, limits)) {
        if (typeof line !== 'string')
            return yield line;
        if (header === undefined) {
            const read = readHeader(line, limits);
            yield read;
            if ('reason' in read)
                return;
            header = read;
            continue;
        }
        if (n >= header.files)
            return yield {
                reason: 'malformed',
                detail: `it lists more files than the ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .count */ .U9)(header.files)} its first line says`
            };
        const entry = readEntry(line, n++, after);
        yield entry;
        if ('reason' in entry)
            return;
        after = entry[0];
    }
    if (header === undefined)
        yield { reason: 'malformed', detail: 'it is empty' };
    else if (n !== header.files)
        yield {
            reason: 'malformed',
            detail: `it lists ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .count */ .U9)(n)} files where its first line says ${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .count */ .U9)(header.files)} (cut short)`
        };
}
/**
 * A manifest from its bytes, every line checked; or the reason it is not one. Reads at most
 * `limits.maxManifestBytes`, and stops at the first fault.
 */
const readManifest = async (chunks, limits = MANIFEST_LIMITS) => {
    let header;
    const files = new Map();
    for await (const item of entriesOf(chunks, limits)) {
        if ('reason' in item)
            return item;
        if (Array.isArray(item))
            files.set(item[0], item[1]);
        else
            header = item;
    }
    return { createdAt: header.createdAt, commit: header.commit, files };
};
/** Compares two manifests' files: one pass over each, a map lookup per path (linear time). */
const compareManifests = (previous, current) => {
    const diff = { changed: [], added: [], removed: [], unchanged: [] };
    for (const [path, hash] of current) {
        const before = previous.get(path);
        if (before === undefined)
            diff.added.push(path);
        else if (before === hash)
            diff.unchanged.push(path);
        else
            diff.changed.push(path);
    }
    for (const path of previous.keys())
        if (!current.has(path))
            diff.removed.push(path);
    return diff;
};
/**
 * Compares an earlier manifest, as it streams in, with this build's files: the checks of
 * readManifest, and the comparison of compareManifests, without ever holding the earlier
 * manifest. Only this build's map is kept (with the set of its paths not met yet, and those
 * changed); the lists hold this build's own path strings, so the earlier manifest's lines are
 * garbage as soon as read, but for the paths removed. Linear time.
 */
const compareWithManifest = (current) => async (chunks, limits) => {
    const unseen = new Set(current.keys());
    const changed = new Set();
    const removed = [];
    let previous;
    for await (const item of entriesOf(chunks, limits)) {
        if ('reason' in item)
            return item;
        if (!Array.isArray(item)) {
            previous = item;
            continue;
        }
        const [path, hash] = item;
        const now = current.get(path);
        if (now === undefined)
            removed.push(path);
        else {
            unseen.delete(path);
            if (now !== hash)
                changed.add(path);
        }
    }
    const diff = { changed: [], added: [], removed, unchanged: [] };
    for (const path of current.keys())
        (unseen.has(path) ? diff.added : changed.has(path) ? diff.changed : diff.unchanged).push(path);
    return { previous: previous, diff };
};
/**
 * The difference as the compare API's changed files, under `dir` (site_dir, `''` for the root):
 * what `applyRules` maps to URLs and rules, exactly as for `changed: true`.
 */
const diffAsChangedFiles = (diff, dir) => {
    const under = (path) => (dir === '' ? path : `${dir}/${path}`);
    return [
        ...diff.changed.map((path) => ({ path: under(path), status: 'modified' })),
        ...diff.added.map((path) => ({ path: under(path), status: 'added' })),
        ...diff.removed.map((path) => ({ path: under(path), status: 'removed' }))
    ];
};


/***/ }),

/***/ 17987:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BE: () => (/* binding */ MAX_FILES),
/* harmony export */   jh: () => (/* binding */ TreeError),
/* harmony export */   vz: () => (/* binding */ hashTree)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(48992);
/**
 * `changed: build`, step one: the SHA-256 of every regular file under the built site's folder.
 * Files are read as streams through one fixed buffer per worker, a few at a time, while the
 * folders are walked one entry at a time: memory grows with the number of files (their paths
 * and hashes), never with their sizes or a folder's width. Only regular files inside the folder
 * are read: symbolic links (inside or out, to files or to folders) are neither read nor followed,
 * and named pipes, sockets and devices are skipped; each is counted, so that a skip is said.
 *
 * Why SHA-256: it is the fastest hash Node ships that no one can make collide (SHA-1 is faster
 * by a fifth on this kind of machine, MD5 slower, and both collide on purpose): a forged pair of
 * files would keep a changed page out of the purge. Measured in `npm run bench`.
 */






/** The most files a manifest holds, written or read: 2.5 times the 200,000 the feature plans for. */
const MAX_FILES = 500_000;
/** Files read at once: enough to keep libuv's four threads busy, few enough to bound memory. */
const CONCURRENCY = 8;
/** Reads of 64 KiB (each worker has two: a file of one chunk is hashed in one call). */
const CHUNK = 64 * 1024;
/** The folder cannot be hashed as a whole: the change set is unknown. */
class TreeError extends Error {
    constructor(message) {
        super(message);
        this.name = 'TreeError';
    }
}
// O_NOFOLLOW: a file swapped for a link after the listing is not followed. O_NONBLOCK: a file
// swapped for a pipe does not block the open. Both are 0 where the platform has none (Windows).
const OPEN_FLAGS = node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_RDONLY | (node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NOFOLLOW ?? 0) | (node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NONBLOCK ?? 0);
/** One-shot SHA-256 (Node 20.12 and later), else through a hash object. */
const oneShot = node_crypto__WEBPACK_IMPORTED_MODULE_0__.hash;
const hashOnce = (data) => oneShot === undefined
    ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('base64url')
    : oneShot('sha256', data, 'base64url');
/**
 * A path as one flat string: `${folder}/${name}` is a tree of string pieces in V8, ~15 MB more
 * for 200,000 paths than the same text in one piece, which a map of the build keeps all run.
 */
const flat = (text) => Buffer.from(text, 'utf8').toString('utf8');
/** What an entry is, without following it; undefined when the file system does not say. */
const kindOf = (entry) => {
    if (entry.isFile())
        return 'file';
    if (entry.isDirectory())
        return 'directory';
    if (entry.isSymbolicLink())
        return 'symlink';
    if (entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice())
        return 'special';
    return undefined;
};
/** What lstat says the entry is, for file systems whose listings carry no type. */
const lstatKind = async (path) => {
    const stats = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(path);
    return stats.isFile()
        ? 'file'
        : stats.isDirectory()
            ? 'directory'
            : stats.isSymbolicLink()
                ? 'symlink'
                : 'special';
};
/** Every regular file under `root`, relative and `/`-separated, one folder open at a time. */
async function* walk(root, skipped, signal) {
    const folders = [''];
    while (folders.length > 0) {
        const folder = folders.pop();
        const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.opendir)(folder === '' ? root : (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, ...folder.split('/')), {
            bufferSize: 128
        });
        for await (const entry of dir) {
            signal?.throwIfAborted();
            const path = folder === '' ? entry.name : flat(`${folder}/${entry.name}`);
            const kind = kindOf(entry) ?? (await lstatKind((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, ...path.split('/'))));
            if (kind === 'directory')
                folders.push(path);
            else if (kind === 'symlink')
                skipped.symlinks++;
            else if (kind === 'special')
                skipped.special++;
            else
                yield path;
        }
    }
}
// The callback API, promised by hand: per file, FileHandle's promises cost about as much again
// as the reads themselves (measured in the bench's "build manifest" scenario).
const call = (start) => new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
const readAt = (fd, buffer, offset) => call((done) => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.read)(fd, buffer, offset, CHUNK, null, done));
/** Hashes the open file, or undefined when it is not a regular file (anymore). */
const hashOpen = async (fd, buffer) => {
    if (!(await call((done) => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.fstat)(fd, done))).isFile())
        return undefined;
    const first = await readAt(fd, buffer, 0);
    const second = first === 0 ? 0 : await readAt(fd, buffer, first);
    if (second === 0)
        return { hash: hashOnce(buffer.subarray(0, first)), bytes: first };
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(buffer.subarray(0, first + second));
    let bytes = first + second;
    for (let n = await readAt(fd, buffer, 0); n > 0; n = await readAt(fd, buffer, 0)) {
        bytes += n;
        hash.update(buffer.subarray(0, n));
    }
    return { hash: hash.digest('base64url'), bytes };
};
/**
 * The file's SHA-256, or undefined when it is no longer a regular file (gone, or swapped for a
 * link or a pipe since the listing). Read through `buffer` (two chunks long), so no read
 * allocates; a file of one chunk, most of a site's, is hashed in one call (`crypto.hash`), which
 * leaves no hash object behind for the garbage collector to finalize.
 */
const hashFile = async (path, buffer) => {
    let fd;
    try {
        fd = await call((done) => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.open)(path, OPEN_FLAGS, done));
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT' || code === 'ELOOP')
            return undefined;
        throw error;
    }
    try {
        return await hashOpen(fd, buffer);
    }
    finally {
        await call((done) => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.close)(fd, (error) => done(error, undefined)));
    }
};
const describe = (error, root) => {
    const code = error.code;
    const path = error.path;
    const where = path === undefined ? (0,_text_js__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(root, 200) : (0,_text_js__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(path, 300);
    if (code === 'ENOENT' && path === root)
        return `the folder ${where} does not exist`;
    if (code === 'ENOTDIR')
        return `${where} is not a folder`;
    if (code === 'EACCES' || code === 'EPERM')
        return `${where} cannot be read (permission denied)`;
    return `${where} cannot be read (${code ?? error.message})`;
};
/**
 * Hashes every regular file under `root` (the built site). Throws a TreeError when the folder or
 * one of its files cannot be read, or holds more than `maxFiles` files; throws the signal's
 * reason when it aborts.
 */
const hashTree = async (root, options = {}) => {
    const maxFiles = options.maxFiles ?? MAX_FILES;
    const result = {
        files: new Map(),
        bytes: 0,
        skipped: { symlinks: 0, special: 0, vanished: 0 }
    };
    const paths = walk(root, result.skipped, options.signal);
    let taken = 0;
    // Workers share one generator: an async generator queues the calls to next().
    const worker = async () => {
        const buffer = Buffer.allocUnsafe(2 * CHUNK);
        for (let next = await paths.next(); next.done !== true; next = await paths.next()) {
            if (++taken > maxFiles)
                throw new TreeError(`the folder ${(0,_text_js__WEBPACK_IMPORTED_MODULE_4__/* .quote */ .hD)(root, 200)} holds more than ${maxFiles} files, more than a build manifest holds`);
            const hashed = await hashFile((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, ...next.value.split('/')), buffer);
            if (hashed === undefined)
                result.skipped.vanished++;
            else {
                result.files.set(next.value, hashed.hash);
                result.bytes += hashed.bytes;
            }
        }
    };
    try {
        await Promise.all(Array.from({ length: options.concurrency ?? CONCURRENCY }, worker));
    }
    catch (error) {
        await paths.return(undefined).catch(() => undefined);
        if (options.signal?.aborted)
            throw options.signal.reason;
        if (error instanceof TreeError)
            throw error;
        throw new TreeError(describe(error, root));
    }
    return result;
};


/***/ })

};
