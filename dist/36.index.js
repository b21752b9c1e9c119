export const id = 36;
export const ids = [36];
export const modules = {

/***/ 8036:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Agent: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.g6),
/* harmony export */   BalancedPool: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.Ft),
/* harmony export */   Client: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.Kj),
/* harmony export */   CloseEvent: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.rd),
/* harmony export */   DecoratorHandler: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.s8),
/* harmony export */   Dispatcher: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.mk),
/* harmony export */   EnvHttpProxyAgent: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.J2),
/* harmony export */   ErrorEvent: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.NN),
/* harmony export */   EventSource: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.GD),
/* harmony export */   File: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.ZH),
/* harmony export */   FileReader: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.FileReader),
/* harmony export */   FormData: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.FormData),
/* harmony export */   Headers: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.Headers),
/* harmony export */   MessageEvent: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.aM),
/* harmony export */   MockAgent: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.ug),
/* harmony export */   MockClient: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.K4),
/* harmony export */   MockPool: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.pI),
/* harmony export */   Pool: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.bC),
/* harmony export */   ProxyAgent: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.kT),
/* harmony export */   RedirectHandler: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.l3),
/* harmony export */   Request: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.Request),
/* harmony export */   Response: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.Response),
/* harmony export */   RetryAgent: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.cg),
/* harmony export */   RetryHandler: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.Z$),
/* harmony export */   WebSocket: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.WebSocket),
/* harmony export */   buildConnector: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.gU),
/* harmony export */   caches: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.IU),
/* harmony export */   connect: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.Ng),
/* harmony export */   createRedirectInterceptor: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.im),
/* harmony export */   deleteCookie: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.Yj),
/* harmony export */   errors: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.sO),
/* harmony export */   fetch: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.hd),
/* harmony export */   getCookies: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.OR),
/* harmony export */   getGlobalDispatcher: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.xo),
/* harmony export */   getGlobalOrigin: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.cy),
/* harmony export */   getSetCookies: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.yI),
/* harmony export */   interceptors: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.dY),
/* harmony export */   mockErrors: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.El),
/* harmony export */   parseMIMEType: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.OA),
/* harmony export */   pipeline: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.Tk),
/* harmony export */   request: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.Em),
/* harmony export */   serializeAMimeType: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.Yz),
/* harmony export */   setCookie: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.TV),
/* harmony export */   setGlobalDispatcher: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.bj),
/* harmony export */   setGlobalOrigin: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.E),
/* harmony export */   stream: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.Td),
/* harmony export */   upgrade: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.fG),
/* harmony export */   util: () => (/* reexport safe */ undici_index_js__WEBPACK_IMPORTED_MODULE_0__.ZS)
/* harmony export */ });
/* harmony import */ var undici_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6752);
// The bundle's `undici`, through tsconfig.json's `paths` (ncc applies them to every bare import
// in the bundle, node_modules included; tsc sees the same types; jest imports undici itself).
//
// @actions/core imports @actions/http-client at its top for getIDToken(), and http-client
// imports undici: ~430 KB of the main chunk and tens of ms of every start-up, though only a
// proxy or an OIDC token would use it. This folder's package.json says `"sideEffects": false`,
// so webpack leaves this re-export, and undici behind it, out of any chunk where no import of
// undici is used: the main chunk loses it, and the chunk that uses it (the `changed` code's
// Octokit) carries it. undici's one side effect, making itself the dispatcher of Node's
// `fetch`, then happens only in a run that loads that chunk. docs/performance.md (start-up)
// has the profile; __tests__/bundle/start-up.test.ts fails if the main chunk carries undici.



/***/ })

};
