import type { ToolkitToolId } from '../../shared/toolkit-tools';

/** Where each shipped toolkit tool lives in the web app; tools without an entry are still planned. */
export const TOOL_LINKS: Partial<Record<ToolkitToolId, { to: string; action: string }>> = {
  'escalation-binder': { to: '/toolkit/escalations', action: 'Open the escalation binder' },
  'live-incidents': { to: '/incidents', action: 'Open live incidents' },
};
