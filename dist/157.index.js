export const id = 157;
export const ids = [157];
export const modules = {

/***/ 9538:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EDGE_OVERRIDE: () => (/* binding */ EDGE_OVERRIDE),
/* harmony export */   fetchThroughEdge: () => (/* binding */ fetchThroughEdge)
/* harmony export */ });
const EDGE_OVERRIDE = 'CLOUDFLARE_PURGE_EDGE_URL';
const fetchThroughEdge = (userAgent, edge = process.env[EDGE_OVERRIDE]) => async (url, headers, timeoutMs) => {
    const target = new URL(url);
    const extra = {};
    let address = url;
    if (edge !== undefined && /^https?:\/\//.test(edge)) {
        address = `${edge.replace(/\/+$/, '')}${target.pathname}${target.search}`;
        extra['x-forwarded-host'] = target.host;
        extra['x-forwarded-proto'] = target.protocol.replace(':', '');
    }
    const response = await fetch(address, {
        headers: { ...headers, ...extra, 'user-agent': userAgent },
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.max(1, Math.round(timeoutMs)))
    });
    // Only the headers matter; the body is never read.
    await response.body?.cancel().catch(() => undefined);
    const age = response.headers.get('age')?.trim();
    return {
        status: (response.headers.get('cf-cache-status') ?? '').trim().toUpperCase(),
        age: age !== undefined && /^\d{1,10}$/.test(age) ? Number(age) : undefined,
        at: Date.now()
    };
};


/***/ })

};
