export interface ConfigIssue {
  /** JSON path inside the source (`orgs[1].clientSecret`), a variable name, or '' for the whole source. */
  path: string;
  message: string;
}

/**
 * Thrown when the environment or the topology file is invalid. Messages name the source, the path
 * and the problem, never a secret value; mains turn it into exit code 78 (`exitOnConfigError`).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly source: string;
  readonly issues: readonly ConfigIssue[];

  /** `cause` is for errors that hold no configuration content (file system errors), never a parse error's text. */
  constructor(source: string, issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    super(formatMessage(source, issues), options);
    this.source = source;
    this.issues = Object.freeze(issues.map((issue) => Object.freeze({ ...issue })));
  }
}

function formatMessage(source: string, issues: readonly ConfigIssue[]): string {
  const lines = issues.map((issue) => `  - ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`);
  return `Invalid configuration in ${source}:\n${lines.join('\n')}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['orgs', 1, 'clientSecret']` → `orgs[1].clientSecret`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
