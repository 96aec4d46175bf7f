import { jsonEqual } from '../deep-equal.js';
import { versionConflict } from '../errors.js';
import type { FixtureCampaign } from '../fixture/schema.js';
import type { AdminCampaignEdit, CampaignPatch, CampaignPut } from './campaign-schema.js';

/** Fields the server owns: a client's PUT cannot set them. */
const SERVER_FIELDS = ['id', 'version', 'dateCreated', 'dateModified', 'selfUri', 'errors'] as const;

interface CampaignState {
  data: Record<string, unknown>;
  version: number;
  /** Fields whose current value was set by the concurrent administrator, with that value. */
  adminSet: Map<string, unknown>;
}

export interface CampaignWriteResult {
  campaign: Record<string, unknown>;
  /** Fields the administrator had set that this write changed to another value. */
  overwrittenAdminFields: string[];
}

/** Outbound campaigns with optimistic concurrency (version) and a memory of who set each field last. */
export class CampaignStore {
  private readonly campaigns = new Map<string, CampaignState>();

  constructor(campaigns: readonly FixtureCampaign[]) {
    for (const fixture of campaigns) {
      const { version, ...data } = fixture;
      this.campaigns.set(fixture.id, {
        data: structuredClone(data),
        version: version ?? 1,
        adminSet: new Map(),
      });
    }
  }

  ids(): string[] {
    return [...this.campaigns.keys()];
  }

  has(id: string): boolean {
    return this.campaigns.has(id);
  }

  get(id: string): Record<string, unknown> | undefined {
    const state = this.campaigns.get(id);
    return state ? render(id, state) : undefined;
  }

  /** Whole-object replace; throws the version 409 when `body.version` is not the current one. */
  put(id: string, body: CampaignPut, now: number): CampaignWriteResult | undefined {
    const state = this.campaigns.get(id);
    if (!state) return undefined;
    if (body.version !== state.version) throw versionConflict();
    const next: Record<string, unknown> = structuredClone(body);
    for (const field of SERVER_FIELDS) delete next[field];
    next.dateCreated = state.data.dateCreated;
    return this.apply(id, state, next, now);
  }

  /** Partial update without a version check (the SDK model carries none); still bumps the version. */
  patch(id: string, patch: CampaignPatch, now: number): CampaignWriteResult | undefined {
    const state = this.campaigns.get(id);
    if (!state) return undefined;
    const next = { ...structuredClone(state.data), ...structuredClone(patch) };
    return this.apply(id, state, next, now);
  }

  /** A person in the admin UI saves the campaign: bumps the version and marks the fields as theirs. */
  adminEdit(id: string, fields: AdminCampaignEdit, now: number): Record<string, unknown> | undefined {
    const state = this.campaigns.get(id);
    if (!state) return undefined;
    const edit: Record<string, unknown> = structuredClone(fields);
    for (const field of SERVER_FIELDS) delete edit[field];
    state.data = { ...state.data, ...edit, dateModified: new Date(now).toISOString() };
    state.version += 1;
    for (const [field, value] of Object.entries(edit)) state.adminSet.set(field, structuredClone(value));
    return render(id, state);
  }

  private apply(
    id: string,
    state: CampaignState,
    next: Record<string, unknown>,
    now: number,
  ): CampaignWriteResult {
    const overwrittenAdminFields: string[] = [];
    for (const [field, adminValue] of state.adminSet) {
      if (!jsonEqual(next[field], adminValue)) {
        overwrittenAdminFields.push(field);
        state.adminSet.delete(field);
      }
    }
    state.data = { ...next, dateModified: new Date(now).toISOString() };
    state.version += 1;
    return { campaign: render(id, state), overwrittenAdminFields };
  }
}

function render(id: string, state: CampaignState): Record<string, unknown> {
  return {
    ...structuredClone(state.data),
    id,
    version: state.version,
    selfUri: `/api/v2/outbound/campaigns/${id}`,
  };
}
