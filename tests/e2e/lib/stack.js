// The whole thing a test needs: the real bot, optionally the locale proxy, and the playground pointed at it.
import { startBot } from './bot.js';
import { startLocaleProxy } from './locale-proxy.js';
import { startPlayground } from './playground.js';
import { stopProcess } from './processes.js';

export const BOT_NAME = 'MeetingBot';

/**
 * Starts bot + playground; `locale` (through the locale proxy) and `timezone` are the Teams client's.
 * Always call stop() (in a finally / after hook), also when a start step failed half-way.
 */
export async function startStack({ locale, timezone } = {}) {
  const logName = locale ?? 'en'; // artifacts/e2e/<logName>-bot.log, <logName>-playground.log
  const parts = {};
  const stop = async () => {
    if (parts.playground) {
      await stopProcess(parts.playground.handle);
      parts.playground.removeWorkDir();
    }
    if (parts.proxy) await parts.proxy.close();
    if (parts.bot) await stopProcess(parts.bot.handle);
  };
  try {
    parts.bot = await startBot({ name: `${logName}-bot` });
    let endpoint = parts.bot.messagesUrl;
    if (locale) {
      parts.proxy = await startLocaleProxy(endpoint, locale);
      endpoint = parts.proxy.url;
    }
    parts.playground = await startPlayground({ endpoint, name: `${logName}-playground`, timezone });
    return { bot: parts.bot, playgroundUrl: parts.playground.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
