import type { PersonalDataPolicy } from '@guildhall/kernel';

/**
 * Music's personal data: none declared yet. Its payloads name who did something (`by`, an actor,
 * like every envelope's actor); actors' names are not sealed anywhere yet (see the audit notes),
 * so music does not seal them alone.
 */
export const musicPersonalData: PersonalDataPolicy = {};
