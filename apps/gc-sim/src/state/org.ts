import type { FixtureAgent, FixtureOrg } from '../fixture/schema.js';
import { CampaignStore } from './campaigns.js';
import { ScheduleStore } from './schedules.js';
import { TimeOffStore } from './time-off.js';
import { TrunkStore } from './trunks.js';
import { UtilizationStore } from './utilization.js';

/** Everything the simulator holds for one org. */
export class OrgState {
  readonly id: string;
  readonly region: string;
  readonly agents: ReadonlyMap<string, FixtureAgent>;
  readonly trunks: TrunkStore;
  readonly utilization = new UtilizationStore();
  readonly campaigns: CampaignStore;
  readonly timeOff: TimeOffStore;
  readonly schedules: ScheduleStore;

  constructor(
    readonly fixture: FixtureOrg,
    startedAt: number,
  ) {
    this.id = fixture.id;
    this.region = fixture.region;
    this.agents = new Map(fixture.agents.map((agent) => [agent.id, agent]));
    this.trunks = new TrunkStore(fixture.id, fixture.trunks, startedAt);
    this.campaigns = new CampaignStore(fixture.campaigns);
    this.timeOff = new TimeOffStore({
      managementUnitOfUser: new Map(fixture.agents.map((agent) => [agent.id, agent.managementUnitId])),
      managementUnitIds: new Set(fixture.managementUnits.map((mu) => mu.id)),
      activityCodeIds: new Set(fixture.activityCodeIds),
    });
    this.schedules = new ScheduleStore(fixture, startedAt);
  }
}
