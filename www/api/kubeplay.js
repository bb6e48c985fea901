// kubeplay's JavaScript API (docs/embedding.md): the playground's own engine, in a Web Worker,
// without any UI. An ES module with no build step; scripts/build-dist.sh copies it to
// dist/api/kubeplay.js, beside its engine's files (kubeplay-api-engine.js, the wasm-bindgen
// glue, and kubeplay-api-engine_bg.wasm: the playground's engine built with JSON and the
// command line's documents), which the worker loads.
//
//   import init, { explain, simulate, diagnostics, version } from './api/kubeplay.js';
//   await init();
//   const report = await explain(yamlText);
//
// The worker speaks the protocol of src/protocol/mod.rs, in JSON text for this module (the
// playground's page speaks it in postcard): each request is {id, request: {cliExplain |
// cliSimulate | cliDiagnostics: {...}}}; each reply is {id, response: {KIND: {...}}}, with `id`
// null for news of the engine itself ('ready' once at start, 'crashed' on an internal
// error); a document arrives as its JSON text. src/worker/cli.rs's tests pin these shapes.

/** The engine's glue, beside this module in the api/ folder. */
const ENGINE_URL = new URL('./kubeplay-api-engine.js', import.meta.url);

/** The running engine: {worker, pending, ready}, or undefined before init() or after a crash. */
let engine;
/** The id of the next request (each request gets a fresh one). */
let nextId = 1;

/**
 * Starts the engine's worker from `url` (its glue; the wasm is the same name with `_bg.wasm`
 * for `.js`). The worker is a classic one whose start script (the same as src/ui/engine_link.rs
 * writes) keeps the messages that arrive before the engine has started, loads the glue, then
 * the wasm (whose main starts the engine), and hands the kept messages on; a wasm that fails
 * to load is rethrown so that the page sees an error event.
 */
function start(url) {
  const glue = new URL(url, import.meta.url);
  const wasm = new URL(glue.href);
  wasm.pathname = glue.pathname.replace(/\.js$/, '_bg.wasm');
  const script =
    'var early=[];onmessage=function(e){early.push(e.data);};' +
    `importScripts(${JSON.stringify(glue.href)});` +
    `wasm_bindgen({module_or_path:${JSON.stringify(wasm.href)}}).then(function(){` +
    "early.forEach(function(d){dispatchEvent(new MessageEvent('message',{data:d}));});early=null;}," +
    'function(e){setTimeout(function(){throw e;});});';
  const scriptUrl = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
  const worker = new Worker(scriptUrl, { name: 'kubeplay-api-engine' });
  const pending = new Map();
  const started = {};
  started.ready = new Promise((resolve, reject) => { started.resolve = resolve; started.reject = reject; });
  const current = { worker, pending, ready: started.ready, scriptUrl };

  /** Ends this engine: every open request (and init, if it was waiting) fails with `error`. */
  const fail = (error) => {
    if (engine === current) engine = undefined;
    worker.terminate();
    URL.revokeObjectURL(scriptUrl);
    started.reject(error);
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.onmessage = (event) => {
    let reply;
    try {
      reply = JSON.parse(event.data);
    } catch (e) {
      fail(new Error(`kubeplay: unreadable reply from the engine: ${e.message}`));
      return;
    }
    const { id, response } = reply;
    const [kind] = Object.keys(response);
    const body = response[kind];
    if (id === null || id === undefined) {
      if (kind === 'ready') started.resolve(body.kubernetesVersion);
      else if (kind === 'crashed') fail(new Error(`kubeplay: the engine crashed: ${body.message}`));
      else if (kind === 'failed') console.error(`kubeplay: ${body.message}`);
      return;
    }
    const request = pending.get(id);
    if (!request || kind === 'progress') return;
    pending.delete(id);
    if (kind === 'document') request.resolve(JSON.parse(body.json));
    else if (kind === 'failed') request.reject(new Error(body.message));
    else request.reject(new Error(`kubeplay: unexpected reply ${kind}`));
  };
  worker.onerror = (event) => fail(new Error(`kubeplay: the engine failed: ${event.message || 'it could not start'}`));
  worker.onmessageerror = () => fail(new Error('kubeplay: a message from the engine could not be read'));
  // A page that only calls init() must not see an unhandled rejection if the engine fails
  // later; init() and each request still reject.
  started.ready.catch(() => {});
  return current;
}

/**
 * Starts the engine (once; again after a crash) and resolves when it is ready, with the
 * Kubernetes release it follows. `options.url` is where the engine's glue is, by default
 * `./kubeplay-api-engine.js` beside this module. The other functions call it themselves, so
 * `await init()` is only needed to start the engine early or to check that it starts.
 */
export default async function init(options = {}) {
  if (!engine) engine = start(options?.url ?? ENGINE_URL);
  return engine.ready;
}

/** Sends `request` to the engine; resolves with the document of its reply. */
async function ask(request) {
  if (!engine) engine = start(ENGINE_URL);
  const current = engine;
  await current.ready;
  if (engine !== current) throw new Error('kubeplay: the engine stopped');
  const { worker, pending } = current;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage(JSON.stringify({ id, request }));
  });
}

/** `text` must be a string (the YAML). */
function yamlText(text) {
  if (typeof text !== 'string') throw new TypeError('kubeplay: the YAML must be a string');
  return text;
}

/**
 * The document `kubeplay explain FILE --output json` prints for `yaml`. Rejects with an
 * `Error` listing the YAML's errors, one a line: `<input>:LINE:COLUMN: error: MESSAGE`.
 */
export async function explain(yaml) {
  return ask({ cliExplain: { yaml: yamlText(yaml) } });
}

/**
 * The document `kubeplay simulate FILE --output json` prints for `yaml`; `options.until` is
 * `'stable'` or a duration such as `'90s'` (as `--until`). Rejects like explain().
 */
export async function simulate(yaml, options = {}) {
  const { until, ...unknown } = options ?? {};
  const names = Object.keys(unknown);
  if (names.length > 0) throw new Error(`unknown field \`${names[0]}\`, expected \`until\``);
  if (until !== undefined && until !== null && typeof until !== 'string') {
    throw new TypeError('kubeplay: options.until must be a string');
  }
  return ask({ cliSimulate: { yaml: yamlText(yaml), until: until ?? null } });
}

/** Every error and warning of `yaml`, in the command line's JSON shape (`file` is `<input>`). */
export async function diagnostics(yaml) {
  return ask({ cliDiagnostics: { yaml: yamlText(yaml) } });
}

/** The Kubernetes release whose behaviour the engine follows (`'v1.35'`). */
export async function version() {
  return init();
}
