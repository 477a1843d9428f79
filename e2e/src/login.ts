import type { Page } from 'playwright-core';
import type { Stack } from './stack.js';

/** Signs in through the sandbox's Discord sign-in page as `userId` (picked by name, as a person does); ends on "Your guilds". */
export const logInAs = async (page: Page, stack: Stack, userId: string): Promise<void> => {
  const user = stack.sandbox.world.state.user(userId);
  await page.goto(`${stack.gateway.deps.publicUrl}/login`);
  await page.getByText('Log in with Discord').click();
  await page.getByText('Sign in to the Discord sandbox').waitFor();
  await page.locator(`a.user[href*="user_id=${userId}"]`, { hasText: user.global_name ?? user.username }).first().click();
  await page.getByRole('button', { name: 'Authorize' }).click();
  await page.getByRole('heading', { name: 'Your guilds' }).waitFor();
};

/** Signs in as the guild's first moderator; ends on "Your guilds". */
export const logInAsModerator = (page: Page, stack: Stack): Promise<void> => logInAs(page, stack, stack.sandbox.world.people(stack.guildId).moderators[0]!);
