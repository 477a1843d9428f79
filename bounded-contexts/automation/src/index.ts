// Automation: scheduled actions (schedule/), custom commands (custom-command/), automod rules
// (automod-rule/) and workflows (workflow/), one folder per aggregate. The root stays pure.
export const AUTOMATION_CONTEXT = 'automation' as const;
