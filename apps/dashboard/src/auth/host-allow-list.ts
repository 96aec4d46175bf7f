/**
 * The Host header values the dashboard answers (docs/decisions/019). A browser sends the Host of the name it
 * resolved: a page on `rebind.example` whose DNS answer turned into 127.0.0.1 (DNS rebinding) reaches a
 * loopback-only dashboard as "same origin", but with `Host: rebind.example:PORT`, which is on no list.
 */
export class HostAllowList {
  private readonly hosts: ReadonlySet<string>;

  /**
   * @param port the port the dashboard listens on: `127.0.0.1:PORT`, `localhost:PORT` and `[::1]:PORT` are
   *   always allowed (a port forward, the loopback-only mode).
   * @param publicHosts the names operators reach it by (`dashboard.example.com`, `dashboard:9500`), exactly as
   *   browsers send them in Host: with the port unless it is the scheme's default.
   */
  constructor(port: number, publicHosts: readonly string[] = []) {
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].map((host) => `${host}:${port}`);
    this.hosts = new Set([...loopback, ...publicHosts].map((host) => host.toLowerCase()));
  }

  allows(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined) return false;
    // A fully qualified name may end with a dot (`localhost.:9500`); it is the same name.
    const host = hostHeader
      .trim()
      .toLowerCase()
      .replace(/\.(?=:\d+$|$)/, '');
    return this.hosts.has(host);
  }

  /** For the startup log line: what an operator must add when a name is refused. */
  list(): string[] {
    return [...this.hosts];
  }
}
