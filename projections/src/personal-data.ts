import { appealsPersonalData, notificationsPersonalData } from '@guildhall/appeals';
import { automationPersonalData } from '@guildhall/automation';
import { communityPersonalData } from '@guildhall/community';
import { mergePolicies } from '@guildhall/eventing';
import { messagingPersonalData } from '@guildhall/messaging';
import { moderationPersonalData } from '@guildhall/moderation';
import { musicPersonalData } from '@guildhall/music';

/**
 * The registry of personal data: every context's policy, for the processes that read every
 * context's events (the projections, the API). A context with personal fields in its events
 * declares `<context>PersonalData` next to them and adds one line here.
 */
export const allPersonalData = mergePolicies(moderationPersonalData, communityPersonalData, messagingPersonalData, musicPersonalData, appealsPersonalData, notificationsPersonalData, automationPersonalData);
