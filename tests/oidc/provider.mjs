// A real OpenID Connect provider for the portal's SSO tests: node-oidc-provider on loopback.
//
// Started by tests/oidc/provider.py with its configuration in the environment:
//   OIDC_PORT          port on 127.0.0.1
//   OIDC_ISSUER        the issuer it puts in discovery and tokens (default http://127.0.0.1:PORT)
//   OIDC_CLIENTS       JSON list of {client_id, client_secret, redirect_uris}
//   OIDC_ACCOUNTS      JSON object: login -> claims (sub, email, email_verified, given_name, ...)
//   OIDC_CLOCK_SKEW    seconds this provider's clock runs behind (tokens that arrive expired)
//   OIDC_ID_TOKEN_TTL  lifetime of ID tokens in seconds
//   OIDC_TAMPER        "id_token": the token response's ID token is altered in transit
// The login page accepts any configured login without a password (a test identity provider).

import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';

const skew = Number(process.env.OIDC_CLOCK_SKEW || 0) * 1000;
if (skew) {
  const realNow = Date.now;
  Date.now = () => realNow() - skew;
}

const { default: Provider } = await import('oidc-provider');

const port = Number(process.env.OIDC_PORT);
const issuer = process.env.OIDC_ISSUER || `http://127.0.0.1:${port}`;
const clients = JSON.parse(process.env.OIDC_CLIENTS || '[]').map((client) => ({
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_post',
  ...client,
}));
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || '{}');
const tamper = process.env.OIDC_TAMPER || '';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };

function accountFor(accountId) {
  const entry = Object.values(accounts).find((claims) => claims.sub === accountId);
  if (!entry) return undefined;
  return { accountId, claims: async () => ({ ...entry }) };
}

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signingKey] },
  cookies: { keys: ['wbw-test-cookie-key'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  ttl: { IdToken: Number(process.env.OIDC_ID_TOKEN_TTL || 3600) },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, sub) => accountFor(sub),
});
provider.proxy = false;

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function loginPage(uid, error) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}"><label for="login">Login</label>
<input id="login" name="login" autocomplete="username"><button type="submit">Sign in</button></form></main></body></html>`;
}

provider.use(async (ctx, next) => {
  if (ctx.path.startsWith('/interaction/')) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const { uid, prompt, params } = details;
    if (prompt.name === 'login') {
      if (ctx.method === 'GET') {
        ctx.type = 'html';
        ctx.body = loginPage(uid);
        return;
      }
      const login = (await readForm(ctx.req)).get('login') || '';
      const claims = accounts[login];
      if (!claims) {
        ctx.type = 'html';
        ctx.body = loginPage(uid, 'Unknown login');
        return;
      }
      ctx.respond = false;
      await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: claims.sub } }, {
        mergeWithLastSubmission: false,
      });
      return;
    }
    // Consent: a test provider grants what the client asked for.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    ctx.respond = false;
    await provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, {
      mergeWithLastSubmission: true,
    });
    return;
  }
  await next();
  if (tamper === 'id_token' && ctx.path === '/token' && ctx.body && ctx.body.id_token) {
    // Altered in transit: another audience in the payload, the signature left as it was.
    const [header, payload, signature] = ctx.body.id_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    claims.aud = 'someone-else';
    claims.email = 'attacker@example.org';
    const altered = Buffer.from(JSON.stringify(claims)).toString('base64url');
    ctx.body = { ...ctx.body, id_token: `${header}.${altered}.${signature}` };
  }
});

const server = http.createServer(provider.callback());
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`oidc-provider listening on http://127.0.0.1:${port} as ${issuer}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
