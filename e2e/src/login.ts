import type { Page } from 'playwright-core';
import type { Stack } from './stack.js';

/** Signs in through the sandbox's Discord sign-in page as the guild's first moderator; ends on "Your guilds". */
export const logInAsModerator = async (page: Page, stack: Stack): Promise<void> => {
  const world = stack.sandbox.world;
  const moderator = world.state.user(world.people(stack.guildId).moderators[0]!);
  await page.goto(`${stack.gateway.deps.publicUrl}/login`);
  await page.getByText('Log in with Discord').click();
  await page.getByText('Sign in to the Discord sandbox').waitFor();
  await page.locator('a.user', { hasText: moderator.global_name ?? moderator.username }).first().click();
  await page.getByRole('button', { name: 'Authorize' }).click();
  await page.getByRole('heading', { name: 'Your guilds' }).waitFor();
};
