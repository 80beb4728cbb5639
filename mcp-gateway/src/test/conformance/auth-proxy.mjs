// The conformance runner cannot send a bearer token; the gateway refuses every request without one.
// This forwards each request to the gateway unchanged (Host and Origin included, so the gateway's
// DNS-rebinding check still sees what the runner sent) and adds only the Authorization header.
import http from 'node:http';

const [target, listen, token] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
http.createServer((req, res) => {
  const upstream = http.request({ host: '127.0.0.1', port: target, path: req.url, method: req.method,
    headers: { ...req.headers, authorization: 'Bearer ' + token } }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
  req.pipe(upstream);
}).listen(listen, '127.0.0.1', () => console.log('listening'));
