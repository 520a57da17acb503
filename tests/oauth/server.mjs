// A real OpenID Connect provider for Vitrine's tests (oauth2-mock-server), on 127.0.0.1.
// - Prints `ISSUER=http://127.0.0.1:<port>` once listening (OAUTH_PORT, default: any free port).
// - The authorize endpoint redirects at once; the signed-in person is chosen by the `login_hint`
//   parameter (an email address), else OAUTH_USER_FILE (JSON {sub, email, email_verified, name}),
//   else a default reuser.
// - PKCE is required: a token request without `code_verifier` is refused (the library itself
//   only checks a verifier that is sent).
import { readFileSync } from 'node:fs';
import { OAuth2Server, Events } from 'oauth2-mock-server';

const clientId = process.env.OAUTH_CLIENT_ID ?? 'vitrine';
const defaultUser = { sub: 'mock-user-1', email: 'reuser@example.org', email_verified: true, name: 'Camille Reuser' };

function userFor(hint) {
  if (hint && hint.includes('@')) {
    const local = hint.split('@')[0];
    return { sub: `sub-${hint}`, email: hint, email_verified: true, name: local.charAt(0).toUpperCase() + local.slice(1) };
  }
  if (process.env.OAUTH_USER_FILE) {
    try {
      return { ...defaultUser, ...JSON.parse(readFileSync(process.env.OAUTH_USER_FILE, 'utf8')) };
    } catch {
      // No file yet: the default person.
    }
  }
  return defaultUser;
}

const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');

const hintByCode = new Map();

server.service.on(Events.BeforeAuthorizeRedirect, (redirect, req) => {
  const url = new URL(req.url, 'http://localhost');
  const code = redirect.url.searchParams.get('code');
  if (code) hintByCode.set(code, url.searchParams.get('login_hint') ?? '');
});

server.service.on(Events.BeforeTokenSigning, (token, req) => {
  const code = req.body?.code;
  const user = userFor(code ? hintByCode.get(code) : '');
  Object.assign(token.payload, user, { aud: clientId });
});

server.service.on(Events.BeforeResponse, (response, req) => {
  if (req.body?.grant_type === 'authorization_code' && !req.body?.code_verifier) {
    response.statusCode = 400;
    response.body = { error: 'invalid_grant', error_description: 'code_verifier required (PKCE)' };
  }
});

server.service.on(Events.BeforeUserinfo, (response, req) => {
  const bearer = (req.headers.authorization ?? '').replace(/^Bearer /i, '');
  try {
    const payload = JSON.parse(Buffer.from(bearer.split('.')[1], 'base64url').toString('utf8'));
    const { sub, email, email_verified, name } = payload;
    response.body = { sub, email, email_verified, name };
  } catch {
    response.statusCode = 401;
    response.body = { error: 'invalid_token' };
  }
});

await server.start(Number(process.env.OAUTH_PORT ?? 0), '127.0.0.1');
console.log(`ISSUER=${server.issuer.url}`);
const stop = async () => { await server.stop(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
