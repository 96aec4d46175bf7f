/** State-changing requests currently being processed, by the resource they change. */
export class InFlightWrites {
  private readonly byResource = new Map<string, Set<string>>();

  /** Registers a request on its resources; returns the resources some other request was already changing. */
  enter(resources: readonly string[], requestId: string): string[] {
    const overlapping: string[] = [];
    for (const resource of resources) {
      let holders = this.byResource.get(resource);
      if (!holders) {
        holders = new Set();
        this.byResource.set(resource, holders);
      }
      if (holders.size > 0) overlapping.push(resource);
      holders.add(requestId);
    }
    return overlapping;
  }

  leave(resources: readonly string[], requestId: string): void {
    for (const resource of resources) {
      const holders = this.byResource.get(resource);
      holders?.delete(requestId);
      if (holders?.size === 0) this.byResource.delete(resource);
    }
  }
}
