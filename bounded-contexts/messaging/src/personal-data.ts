import type { PersonalDataPolicy } from '@guildhall/kernel';

/**
 * Messaging's personal data: none. What it records is what staff or automations had the bot
 * send (content, embeds) and purge counts, not members' own words or names; the messages
 * members write are community's facts (`communityPersonalData`). A purge of one member's
 * messages holds that member's id only (as every context does, the id stays when a member is
 * forgotten; it is their name that is sealed, and a purge has none).
 */
export const messagingPersonalData: PersonalDataPolicy = {};
