// Haptic feedback where the client has it; silence elsewhere (a desktop client has no motor).
import { hapticFeedbackNotificationOccurred, hapticFeedbackSelectionChanged } from '@telegram-apps/sdk-react';

export const haptic = {
  success: () => hapticFeedbackNotificationOccurred.ifAvailable('success'),
  error: () => hapticFeedbackNotificationOccurred.ifAvailable('error'),
  selection: () => hapticFeedbackSelectionChanged.ifAvailable(),
};
