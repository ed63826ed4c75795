// The playground stamps every activity with locale "en-US" and has no setting for it. To see the bot in Chinese
// in the same page, this proxy sits between the playground and the bot and rewrites the activity's locale
// (and the Teams clientInfo entity's) before passing it on; the bot's answer goes back unchanged.
import http from 'node:http';

export function startLocaleProxy(targetUrl, locale) {
  const server = http.createServer(async (request, response) => {
    try {
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      let body = Buffer.concat(chunks);
      if (body.length > 0 && (request.headers['content-type'] ?? '').includes('json')) {
        const activity = JSON.parse(body.toString('utf8'));
        activity.locale = locale;
        for (const entity of activity.entities ?? []) {
          if (entity.type === 'clientInfo') entity.locale = locale;
        }
        body = Buffer.from(JSON.stringify(activity));
      }
      const headers = { ...request.headers, 'content-length': String(body.length) };
      delete headers.host;
      const upstream = await fetch(targetUrl, { method: request.method, headers, body: request.method === 'GET' ? undefined : body });
      response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      response.end(Buffer.from(await upstream.arrayBuffer()));
    } catch (error) {
      response.writeHead(502);
      response.end(String(error));
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/api/messages`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) });
    });
  });
}
