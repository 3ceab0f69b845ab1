/**
 * The manager's toolkit (PRODUCT.md T1-T9). Lessons end with an "apply it" task that names one of
 * these ids; `available` says whether this release ships the tool yet (the rest are planned).
 */
export const TOOLKIT_TOOLS = [
  { id: 'escalation-binder', capability: 'T1', name: 'Escalation procedures binder', available: false },
  { id: 'live-incidents', capability: 'T2', name: 'Live incidents', available: true },
  { id: 'project-portfolio', capability: 'T3', name: 'Project initiatives portfolio', available: false },
  { id: 'capacity-planner', capability: 'T4', name: 'Capacity and demand planner', available: false },
  { id: 'client-interviews', capability: 'T5', name: 'Client interviews', available: false },
  { id: 'activity-log', capability: 'T6', name: 'Activity log and delegation plan', available: false },
  { id: 'assessment-action-plan', capability: 'T7', name: 'IT assessment and 30-day action plan', available: false },
  { id: 'change-communication', capability: 'T8', name: 'Change communication planner', available: false },
  { id: 'ten-habits', capability: 'T9', name: 'Ten-habit self-assessment', available: false },
] as const;

export type ToolkitToolId = (typeof TOOLKIT_TOOLS)[number]['id'];
export const TOOLKIT_TOOL_IDS = TOOLKIT_TOOLS.map((t) => t.id) as [ToolkitToolId, ...ToolkitToolId[]];

export function toolkitTool(id: string) {
  return TOOLKIT_TOOLS.find((t) => t.id === id);
}
