// A real OpenID Connect provider for Vitrine's tests, on 127.0.0.1 (oauth2-mock-server underneath).
//
// Environment:
//   OAUTH_PORT       port to listen on (default 0: any free port)
//   OAUTH_CLIENT_ID  the one client it knows (default "vitrine"); the `aud` of its tokens
//   OAUTH_CLIENT_SECRET  when set, the client must authenticate with it (default: any secret)
//   OAUTH_USER_FILE  JSON {sub, email, email_verified, name}: who signs in when the
//                    authorization request has no login_hint (re-read at every request)
//
// It prints `ISSUER=http://127.0.0.1:<port>` on stdout once listening, and serves discovery
// (/.well-known/openid-configuration), /authorize, /token, /userinfo and /jwks, with RS256 ID
// tokens signed by a key made at start-up. Requests and refusals are logged on stderr.
//
// /authorize signs somebody in at once (no form) and redirects back with a code. Who:
//   - `login_hint` an email address: sub "sub-<email>", that email (verified), name from the part
//     before the @ (first letter upper-cased): login_hint=lea@example.org -> "Lea";
//   - `login_hint` a JSON object {sub?, email, email_verified?, name?, given_name?, family_name?}:
//     those claims (sub defaults to "sub-<email>", email_verified to true, name as above), e.g. an
//     unverified email;
//   - no login_hint: the person in OAUTH_USER_FILE, or Camille Reuser (reuser@example.org).
//
// POST /test/rotate-keys makes a new signing key (published beside the old ones in /jwks) and
// signs every later token with it. ID tokens carry at_hash, unless the hint's JSON sets one.
//
// /token takes that code once (60 s), only for the client and redirect_uri it was issued to, and
// requires PKCE: a code_verifier matching the S256 code_challenge of the authorization request.
// Any refusal is an RFC 6749 error ({"error": "invalid_grant", "error_description": ...}).
// The ID token carries the person's claims and the request's nonce; /userinfo answers the same
// claims for an access token this server issued, and 401 for any other.
//
// oauth2-mock-server itself accepts any code, checks a code_verifier only when one is sent, and
// answers a wrong one with a problem+json body rather than an OAuth error: so this file handles
// /token and /userinfo itself, with the library's keys, issuer and signing.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Events, OAuth2Issuer, OAuth2Service } from 'oauth2-mock-server';

const clientId = process.env.OAUTH_CLIENT_ID || 'vitrine';
const clientSecret = process.env.OAUTH_CLIENT_SECRET || '';
const userFile = process.env.OAUTH_USER_FILE || '';
const port = Number(process.env.OAUTH_PORT || 0);
const DEFAULT_USER = Object.freeze({
  sub: 'mock-user-1',
  email: 'reuser@example.org',
  email_verified: true,
  name: 'Camille Reuser',
});
const CODE_TTL_MS = 60_000;
const TOKEN_TTL_S = 3600;

const issuer = new OAuth2Issuer();
/** The key tokens are signed with: the newest (POST /test/rotate-keys adds one). */
let signingKid = (await issuer.keys.generate('RS256')).kid;
const service = new OAuth2Service(issuer);

/** Codes handed out by /authorize: code -> what the token request must match, and the person. */
const grants = new Map();
/** Access tokens handed out by /token: token -> { user, expires }. */
const accessTokens = new Map();

const log = (...args) => console.error('[oauth]', ...args);

class OAuthError extends Error {
  constructor(status, error, description) {
    super(description);
    this.status = status;
    this.error = error;
  }
}

function nameFrom(email) {
  const local = email.split('@')[0];
  return local.charAt(0).toUpperCase() + local.slice(1);
}

/** The person a hint names (an email, or a JSON object of claims). */
function userFromHint(hint) {
  let claims;
  if (hint.trimStart().startsWith('{')) {
    try {
      claims = JSON.parse(hint);
    } catch {
      throw new OAuthError(400, 'invalid_request', 'login_hint is not valid JSON');
    }
  } else {
    claims = { email: hint.trim() };
  }
  const email = typeof claims.email === 'string' ? claims.email : '';
  if (!email.includes('@')) {
    throw new OAuthError(400, 'invalid_request', 'login_hint must be an email address or a JSON object with an email');
  }
  const user = {
    sub: claims.sub ?? `sub-${email}`,
    email,
    email_verified: claims.email_verified ?? true,
    name: claims.name ?? nameFrom(email),
  };
  for (const key of ['given_name', 'family_name']) {
    if (typeof claims[key] === 'string') user[key] = claims[key];
  }
  // A test may ask for an ID token whose at_hash does not match its access token.
  if (typeof claims.at_hash === 'string') user.at_hash = claims.at_hash;
  return user;
}

/** The person in OAUTH_USER_FILE (read now), or the default one. */
function userFromFile() {
  if (!userFile) return { ...DEFAULT_USER };
  let text;
  try {
    text = readFileSync(userFile, 'utf8');
  } catch {
    return { ...DEFAULT_USER }; // No file yet: the default person.
  }
  try {
    return { ...DEFAULT_USER, ...JSON.parse(text) };
  } catch {
    throw new OAuthError(500, 'server_error', `OAUTH_USER_FILE ${userFile} is not valid JSON`);
  }
}

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    ...headers,
  });
  res.end(text);
}

function sendError(res, err) {
  if (!(err instanceof OAuthError)) {
    log('unexpected error:', err);
    err = new OAuthError(500, 'server_error', String(err?.message ?? err));
  }
  log(`refused: ${err.error}: ${err.message}`);
  const headers = {};
  if (err.status === 401 && err.error === 'invalid_client') headers['WWW-Authenticate'] = 'Basic realm="oauth"';
  if (err.status === 401 && err.error === 'invalid_token') {
    headers['WWW-Authenticate'] = `Bearer error="invalid_token", error_description="${err.message}"`;
  }
  sendJson(res, err.status, { error: err.error, error_description: err.message }, headers);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return new URLSearchParams(text);
  if (type.includes('application/json') && text) {
    try {
      return new URLSearchParams(JSON.parse(text));
    } catch {
      throw new OAuthError(400, 'invalid_request', 'the body is not valid JSON');
    }
  }
  return new URLSearchParams();
}

/** The client of a token request: HTTP Basic (RFC 6749 2.3.1) or client_id/client_secret. */
function authenticateClient(req, body) {
  let id = body.get('client_id');
  let secret = body.get('client_secret');
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError(401, 'invalid_client', 'malformed Basic credentials');
    id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
    secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
  }
  if (id !== clientId) throw new OAuthError(401, 'invalid_client', `unknown client ${JSON.stringify(id)}`);
  if (clientSecret && secret !== clientSecret) throw new OAuthError(401, 'invalid_client', 'wrong client secret');
  return id;
}

/** RFC 7636 4.1 and 4.6: the verifier's form, and S256(verifier) == challenge. */
function checkPkce(grant, verifier) {
  if (!grant.codeChallenge) {
    throw new OAuthError(400, 'invalid_grant', 'PKCE is required: the authorization request had no code_challenge');
  }
  if (!verifier) throw new OAuthError(400, 'invalid_grant', 'PKCE is required: code_verifier is missing');
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
    throw new OAuthError(400, 'invalid_grant', 'code_verifier does not have the form RFC 7636 requires');
  }
  const derived = createHash('sha256').update(verifier, 'ascii').digest('base64url');
  if (derived !== grant.codeChallenge) {
    throw new OAuthError(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
  }
}

async function token(req, res) {
  const body = await readBody(req);
  const client = authenticateClient(req, body);
  const grantType = body.get('grant_type');
  if (grantType !== 'authorization_code') {
    throw new OAuthError(400, 'unsupported_grant_type', `grant_type ${JSON.stringify(grantType)} is not supported`);
  }
  const code = body.get('code') ?? '';
  const grant = grants.get(code);
  grants.delete(code); // A code serves once, even for a refused request.
  if (!grant || grant.expires < Date.now()) {
    throw new OAuthError(400, 'invalid_grant', 'the code is unknown, expired or already used');
  }
  if (grant.clientId !== client) throw new OAuthError(400, 'invalid_grant', 'the code was issued to another client');
  if ((body.get('redirect_uri') ?? '') !== grant.redirectUri) {
    throw new OAuthError(400, 'invalid_grant', 'redirect_uri differs from the authorization request');
  }
  checkPkce(grant, body.get('code_verifier'));

  const { user, scope, nonce } = grant;
  const accessToken = await issuer.buildToken({
    kid: signingKid,
    expiresIn: TOKEN_TTL_S,
    scopesOrTransform: (_header, payload) => {
      Object.assign(payload, { sub: user.sub, aud: clientId, client_id: clientId, scope, jti: randomUUID() });
    },
  });
  accessTokens.set(accessToken, { user, expires: Date.now() + TOKEN_TTL_S * 1000 });
  const answer = { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_TTL_S, scope };
  if (scope.split(' ').includes('openid')) {
    // at_hash: the left half of the access token's SHA-256, as RS256 asks (OpenID Connect 3.1.3.6).
    const atHash = createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
    answer.id_token = await issuer.buildToken({
      kid: signingKid,
      expiresIn: TOKEN_TTL_S,
      scopesOrTransform: (_header, payload) => {
        Object.assign(payload, { at_hash: atHash }, user, { aud: clientId, azp: clientId, auth_time: grant.authTime });
        if (nonce !== null) payload.nonce = nonce;
      },
    });
  }
  log(`token for ${user.email} (${user.sub})${nonce !== null ? ' with nonce' : ''}`);
  sendJson(res, 200, answer);
}

function userinfo(req, res) {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  const known = bearer ? accessTokens.get(bearer[1].trim()) : undefined;
  if (!known || known.expires < Date.now()) {
    throw new OAuthError(401, 'invalid_token', 'no access token, or not one this server issued');
  }
  const { sub, email, email_verified, name, given_name, family_name } = known.user;
  sendJson(res, 200, { sub, email, email_verified, name, given_name, family_name });
}

/** Checks an authorization request, and remembers what its code must be exchanged with. */
function authorize(req, res, url) {
  const query = url.searchParams;
  const client = query.get('client_id');
  if (client !== clientId) {
    // Never redirect to the redirect_uri of an unknown client (RFC 6749 4.1.2.1).
    throw new OAuthError(400, 'invalid_client', `unknown client ${JSON.stringify(client)}`);
  }
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!/^https?:\/\//.test(redirectUri)) throw new OAuthError(400, 'invalid_request', 'redirect_uri is missing');
  try {
    const method = query.get('code_challenge_method');
    if (query.get('code_challenge') && method !== 'S256') {
      throw new OAuthError(400, 'invalid_request', 'code_challenge_method must be S256');
    }
    const hint = query.get('login_hint');
    req.vitrineGrant = {
      clientId: client,
      redirectUri,
      codeChallenge: query.get('code_challenge'),
      nonce: query.get('nonce'),
      scope: query.get('scope') ?? '',
      user: hint ? userFromHint(hint) : userFromFile(),
      authTime: Math.floor(Date.now() / 1000),
    };
    return true;
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err;
    // A known client and redirect_uri: the error goes back to the client (RFC 6749 4.1.2.1).
    log(`authorization refused: ${err.error}: ${err.message}`);
    const back = new URL(redirectUri);
    back.searchParams.set('error', err.error);
    back.searchParams.set('error_description', err.message);
    const state = query.get('state');
    if (state) back.searchParams.set('state', state);
    res.writeHead(302, { Location: back.href, 'Content-Length': 0 });
    res.end();
    return false;
  }
}

/** The discovery document: what this server does (the library's lists grants it lacks here). */
function discovery(res) {
  const base = issuer.url;
  sendJson(res, 200, {
    issuer: base,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: `${base}/jwks`,
    end_session_endpoint: `${base}/endsession`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'email', 'profile'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'email', 'email_verified', 'name'],
  });
}

// The library redirects with a new code: remember that code's request and person.
service.on(Events.BeforeAuthorizeRedirect, (redirect, req) => {
  const code = redirect.url.searchParams.get('code');
  if (code && req.vitrineGrant) {
    grants.set(code, { ...req.vitrineGrant, expires: Date.now() + CODE_TTL_MS });
    log(`authorized ${req.vitrineGrant.user.email} (${req.vitrineGrant.user.sub})`);
  }
});

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const route = `${req.method} ${url.pathname}`;
  Promise.resolve()
    .then(async () => {
      switch (route) {
        case 'POST /token':
          return await token(req, res);
        case 'GET /userinfo':
        case 'POST /userinfo':
          return userinfo(req, res);
        case 'GET /authorize':
          if (authorize(req, res, url)) service.requestHandler(req, res);
          return undefined;
        case 'GET /.well-known/openid-configuration':
          return discovery(res);
        case 'POST /test/rotate-keys': {
          // A new signing key, published beside the old ones: clients must fetch the keys again.
          signingKid = (await issuer.keys.generate('RS256')).kid;
          log(`signing with a new key ${signingKid}`);
          return sendJson(res, 200, { kid: signingKid });
        }
        default: // JWKS, revoke, end session, introspect: the library's.
          return service.requestHandler(req, res);
      }
    })
    .catch((err) => {
      if (res.headersSent) {
        log('error after the answer began:', err);
        res.destroy();
      } else {
        sendError(res, err);
      }
    });
});

server.listen(port, '127.0.0.1', () => {
  const { port: bound } = server.address();
  issuer.url = `http://127.0.0.1:${bound}`;
  console.log(`ISSUER=${issuer.url}`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
