import type { PersonalDataPolicy } from '@guildhall/kernel';

/**
 * Messaging's personal data: none. What it records is what staff or automations had the bot
 * send (content, embeds) and purge counts, not members' own words or names; the messages
 * members write are community's facts (`communityPersonalData`).
 */
export const messagingPersonalData: PersonalDataPolicy = {};
