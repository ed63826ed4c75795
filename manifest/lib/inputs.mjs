// Reads and checks the values the app package needs, from environment variables.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;

const BOT_HANDLE = /^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/;

export class InputError extends Error {}

const trimmed = (env) => (name) => (env[name] ?? '').trim();

function checkBotDomain(botDomain, problems) {
  if (botDomain === '') problems.push('BOT_DOMAIN is not set: give the host name of the bot\'s messaging endpoint, e.g. BOT_DOMAIN=meetingbot.example.com');
  else if (!HOST.test(botDomain)) problems.push(`BOT_DOMAIN "${botDomain}" is not a host name (no scheme, port or path: meetingbot.example.com)`);
}

/**
 * BOT_ID (required): the bot's Microsoft App ID (MicrosoftAppId), a GUID.
 * BOT_DOMAIN (required): the host name serving /api/messages, without scheme or path.
 * TEAMS_APP_ID (optional): the Teams app's own id, a GUID; defaults to BOT_ID.
 * APP_VERSION (optional): the app package version, x.y.z; defaults to 1.0.0.
 */
export function readPackageInputs(env) {
  const problems = [];
  const value = trimmed(env);

  const botId = value('BOT_ID');
  if (botId === '') problems.push('BOT_ID is not set: give the bot\'s Microsoft App ID (MicrosoftAppId), e.g. BOT_ID=00000000-0000-0000-0000-000000000000');
  else if (!GUID.test(botId)) problems.push(`BOT_ID "${botId}" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);

  const teamsAppId = value('TEAMS_APP_ID') || botId;
  if (value('TEAMS_APP_ID') !== '' && !GUID.test(teamsAppId)) problems.push(`TEAMS_APP_ID "${teamsAppId}" is not a GUID`);

  const botDomain = value('BOT_DOMAIN');
  checkBotDomain(botDomain, problems);

  const appVersion = value('APP_VERSION') || '1.0.0';
  if (!SEMVER.test(appVersion)) problems.push(`APP_VERSION "${appVersion}" is not a version like 1.0.0`);

  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return { BOT_ID: botId.toLowerCase(), TEAMS_APP_ID: teamsAppId.toLowerCase(), BOT_DOMAIN: botDomain.toLowerCase(), APP_VERSION: appVersion };
}

/**
 * For the Slack app manifest. BOT_DOMAIN (required): the host serving /api/slack/commands.
 * BOT_HANDLE (required): the Azure Bot resource's name, which Azure Bot Service's Slack channel puts in its events URL.
 */
export function readSlackInputs(env) {
  const problems = [];
  const value = trimmed(env);
  const botDomain = value('BOT_DOMAIN');
  checkBotDomain(botDomain, problems);
  const botHandle = value('BOT_HANDLE');
  if (botHandle === '') problems.push('BOT_HANDLE is not set: give the Azure Bot resource name (the botName output of deploy/main.bicep)');
  else if (!BOT_HANDLE.test(botHandle)) problems.push(`BOT_HANDLE "${botHandle}" is not an Azure Bot name (2-64 letters, digits, "-", "_" or ".")`);
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return { BOT_DOMAIN: botDomain.toLowerCase(), BOT_HANDLE: botHandle };
}
