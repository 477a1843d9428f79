/** The context's name: its command subjects are `cmd.automation.*`, its streams `automation.<type>.<id>`. */
export const AUTOMATION_CONTEXT = 'automation' as const;
