// Turns ajv's error objects into short messages that name the offending field, for people and for logs.

/** The parts of an ajv error object this module reads. */
export interface RawValidationError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

/** One problem found by validation: a JSON pointer to the field and what is wrong with it. */
export interface ValidationIssue {
  /** JSON pointer of the offending field (for a missing or unknown field: the field itself). */
  readonly path: string;
  /** Human text that names the field, e.g. `args.path: must match pattern "^/"`. */
  readonly message: string;
}

/** `/paths/0/name` → `paths[0].name` appended to the label. */
function fieldLabel(label: string, pointer: string): string {
  let out = label;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^[0-9]+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return out;
}

/** Where an issue is: the label, the JSON pointer of the object, and (for missing/unknown) the field. */
interface IssueLocation {
  readonly label: string;
  readonly pointer: string;
  readonly field?: string;
}

function issueAt(location: IssueLocation, text: string): ValidationIssue {
  const { label, pointer, field } = location;
  const path = field === undefined ? pointer : `${pointer}/${field.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return { path, message: `${fieldLabel(label, pointer)}: ${text}` };
}

function toIssue(label: string, error: RawValidationError): ValidationIssue {
  const params = error.params;
  const here: IssueLocation = { label, pointer: error.instancePath };
  switch (error.keyword) {
    case 'required': {
      const field = String(params['missingProperty']);
      return issueAt({ ...here, field }, `missing required field "${field}"`);
    }
    case 'additionalProperties': {
      const field = String(params['additionalProperty']);
      return issueAt({ ...here, field }, `unknown field "${field}"`);
    }
    case 'discriminator': {
      const tag = String(params['tag']);
      const value = params['tagValue'];
      if (value === undefined) return issueAt({ ...here, field: tag }, `missing required field "${tag}"`);
      const text = typeof value === 'string' ? `unknown value ${JSON.stringify(value)}` : 'must be a string';
      return issueAt({ label, pointer: `${error.instancePath}/${tag}` }, text);
    }
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? (params['allowedValues'] as unknown[]) : [];
      return issueAt(here, `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
    }
    case 'const':
      return issueAt(here, `must be ${JSON.stringify(params['allowedValue'])}`);
    default:
      return issueAt(here, error.message ?? `fails ${error.keyword}`);
  }
}

/**
 * An `anyOf` (e.g. "integer or string") reports every branch's failure. When every branch failed on its type,
 * say so once ("must be integer or string"); otherwise keep only the branches that got the type right.
 */
function collapseAnyOf(errors: readonly RawValidationError[]): RawValidationError[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  if (anyOfPaths.size === 0) return [...errors];
  const out: RawValidationError[] = [];
  for (const error of errors) {
    const inBranch = anyOfPaths.has(error.instancePath) && error.schemaPath.includes('/anyOf/');
    if (!inBranch && error.keyword !== 'anyOf') out.push(error);
    if (error.keyword !== 'anyOf') continue;
    const branches = errors.filter(
      (e) => e.instancePath === error.instancePath && e.keyword !== 'anyOf' && e.schemaPath.includes('/anyOf/'),
    );
    const typeErrors = branches.filter((e) => e.keyword === 'type');
    if (typeErrors.length === branches.length) {
      const types = typeErrors.map((e) => String(e.params['type']));
      out.push({ ...error, message: `must be ${types.join(' or ')}` });
    } else {
      out.push(...branches.filter((e) => e.keyword !== 'type'));
    }
  }
  return out;
}

/**
 * Converts ajv errors to {@link ValidationIssue}s whose messages start with `label` and the field path,
 * e.g. `args.path: must match pattern "^/"`, `args: unknown field "foo"`, `args: missing required field "path"`.
 *
 * @example
 * ```ts
 * formatValidationErrors('args', validate.errors ?? []);
 * ```
 */
export function formatValidationErrors(label: string, errors: readonly RawValidationError[]): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of collapseAnyOf(errors)) {
    const issue = toIssue(label, error);
    if (seen.has(issue.message)) continue;
    seen.add(issue.message);
    issues.push(issue);
  }
  return issues;
}
