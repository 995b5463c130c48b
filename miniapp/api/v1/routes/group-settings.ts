import { z } from 'zod';
import { describeSetting, describeSettings, SETTING_KEYS } from '../../../../services/groups/index.js';
import type { ApiApp } from '../index.js';
import type { MiniAppApiDeps } from '../deps.js';
import { callerOf } from '../caller.js';
import { requireAdminNow, requireAdminView } from '../access.js';
import { badRequest } from '../errors.js';
import { chatIdParam, errorResponses } from '../schemas.js';

// A group's settings as /settings shows them, and `/set key value` from the app: the same service call,
// so the same parsing, the same bounds and the same history event.

const settingKeys = Object.keys(SETTING_KEYS) as [string, ...string[]];

const setting = z.object({
  key: z.enum(settingKeys),
  section: z.enum(['raid', 'points', 'antifraud', 'rewards', 'feeds', 'mentions']),
  kind: z.enum(['int', 'bool', 'duration', 'enum', 'token']),
  /** A number (a duration in minutes), on/off as a boolean, an option, a token symbol, or null (no token). */
  value: z.union([z.number(), z.boolean(), z.string(), z.null()]),
  /** The value as /set reads it and /settings shows it: "30m", "on", "none". */
  text: z.string(),
  /** Inclusive bounds of a number; a duration's in minutes. */
  min: z.number().optional(),
  max: z.number().optional(),
  options: z.array(z.string()).readonly().optional(),
  help: z.string(),
});

const groupParams = z.object({ chatId: chatIdParam });
/** What `/set key value` takes: the value as an admin would type it ("45m", "on", "USDT", "none"). Other
 * fields are dropped: the group is the path's, the admin the caller. */
const changeBody = z.object({ key: z.enum(settingKeys), value: z.string().max(200) });

export function registerGroupSettingsRoutes(app: ApiApp, deps: MiniAppApiDeps): void {
  app.get(
    '/groups/:chatId/settings',
    {
      schema: {
        summary: "Every setting of the group: its value, kind, bounds or options, section and help",
        tags: ['groups'],
        params: groupParams,
        response: { 200: z.object({ settings: z.array(setting) }), ...errorResponses },
      },
    },
    async (request) => {
      const { chatId } = request.params;
      await requireAdminView(deps.groups, callerOf(request), chatId);
      // requireAdminView found the group, so it has settings.
      return { settings: describeSettings((await deps.groups.settings(chatId))!) };
    },
  );

  app.patch(
    '/groups/:chatId/settings',
    {
      schema: {
        summary: 'Changes one setting, as /set key value (an admin now, as Telegram says)',
        tags: ['groups'],
        params: groupParams,
        body: changeBody,
        response: { 200: z.object({ setting }), ...errorResponses },
      },
    },
    async (request) => {
      const { chatId } = request.params;
      const caller = callerOf(request);
      await requireAdminNow(deps.groups, caller, chatId);
      const change = await deps.groups.changeSetting(chatId, caller.userId, request.body.key, request.body.value);
      if (!change.ok) throw badRequest('bad_setting', change.error, 'body.value');
      return { setting: describeSetting(change.settings, change.key)! };
    },
  );
}
