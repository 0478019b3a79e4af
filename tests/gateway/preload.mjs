// Preloaded (`node --import`) before the Portkey gateway's start script, for
// tests/tests/gateway.rs. Two adjustments, nothing else:
//
// 1. Loopback only. The start script listens on all interfaces and has no
//    option to choose the address: every TCP server of this process listens
//    on 127.0.0.1 instead.
//
// 2. Streaming on Node. Gateway 1.15.2 answers every streamed chat completion
//    with 500 "Something went wrong" on Node ("TypeError: immutable" in
//    `updateHeaders`, upstream issues Portkey-AI/gateway#1389 and #1550): it
//    appends its `x-portkey-*` headers to a response whose headers are those of
//    the upstream `fetch` response, which the fetch standard makes immutable.
//    Upstream responses are re-wrapped here, same status, headers and body
//    stream, in a Response whose headers may be changed.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const callback = args.find((a) => typeof a === 'function');
    return listen.call(this, { port: Number(first), host: '127.0.0.1' }, callback);
  }
  if (first && typeof first === 'object' && !('path' in first)) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};

const fetch = globalThis.fetch;
const NativeResponse = globalThis.Response;
globalThis.fetch = async (...args) => {
  const response = await fetch(...args);
  return new NativeResponse(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
};
