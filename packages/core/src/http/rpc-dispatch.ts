import { IsobarError, type Logger } from '@isobar/protocol';
import type { Procedure, ProcedureContext } from '../procedures/index.js';
import { anonymousPrincipal, authorizeCall, pathsOfArgs, readCredentials } from './auth-gate.js';
import type { Principal, Role } from './authenticator.js';
import type { Exchange } from './exchange.js';
import type { FacilityContext } from './facility-context.js';
import { readJsonBody } from './read-body.js';
import { methodNotAllowed, sendFailure, sendValue } from './reply.js';

/** Answers an exchange with the failure envelope of `error`. */
export function fail(context: FacilityContext, exchange: Exchange, error: unknown): void {
  sendFailure(exchange, error, context.reply);
}

/**
 * Lets a request in, or answers it: 503 SERVER_SUSPENDED / SERVER_STOPPING outside `running`, 503 TOO_BUSY over
 * the concurrency limit (Granitic: the counter goes up before the check, so a rejected request holds its slot
 * until it is answered).
 */
export function admit(context: FacilityContext, exchange: Exchange): boolean {
  const state = context.state;
  if (state !== 'running') {
    fail(context, exchange, new IsobarError(state === 'suspended' ? 'SERVER_SUSPENDED' : 'SERVER_STOPPING'));
    return false;
  }
  context.active++;
  exchange.holdsSlot = true;
  const max = context.options.maxConcurrentRequests;
  if (max > 0 && context.active > max) {
    fail(context, exchange, new IsobarError('TOO_BUSY'));
    return false;
  }
  return true;
}

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

interface Call {
  readonly context: FacilityContext;
  readonly exchange: Exchange;
  readonly procedure: Procedure;
  readonly body: unknown;
  readonly token: string | undefined;
}

/**
 * What a handler gets besides its arguments. A class rather than an object literal with a getter and two
 * closures: one allocation per call on the hot path, and the request logger is made only when a handler logs.
 */
class CallContext implements ProcedureContext {
  readonly engine: ProcedureContext['engine'];
  readonly token: string | undefined;
  readonly requestId: string;
  readonly remote: string;
  private requestLogger: Logger | undefined;

  constructor(
    private readonly call: Call,
    readonly principal: Principal | undefined,
    private readonly after: (() => void)[],
  ) {
    this.engine = call.context.engine;
    this.token = call.token;
    this.requestId = call.exchange.requestId;
    this.remote = call.exchange.remoteAddress;
  }

  get logger(): Logger {
    this.requestLogger ??= this.call.context.options.logger.child({ requestId: this.requestId });
    return this.requestLogger;
  }

  afterReply(work: () => void): void {
    this.after.push(work);
  }

  authorize(access: Role, paths: readonly string[]): void {
    authorizeCall(this.call.context.options, this.principal, { access, paths });
  }
}

function succeed(call: Call, value: unknown, after: readonly (() => void)[]): void {
  const { context, exchange, procedure } = call;
  if (context.options.dev) {
    try {
      procedure.validateResult(value);
    } catch (cause) {
      fail(context, exchange, new IsobarError('INTERNAL', { message: 'The result does not match its schema', cause }));
      return;
    }
  }
  sendValue(exchange, value);
  if (after.length > 0) setImmediate(() => after.forEach((work) => work()));
}

/**
 * Replies once the call's changes are durable: when it added change records and the server journals them, the
 * reply waits for their group commit (one fsync covers every call of the same turn); a write that fails answers
 * 507 STORAGE_FAILED, so no reply ever acknowledges a change a crash could lose.
 */
function reply(call: Call, outcome: { readonly value: unknown; readonly seqBefore: number }, after: (() => void)[]) {
  const { context, exchange } = call;
  const durable = context.durable;
  if (durable === undefined || context.engine.log.seq === outcome.seqBefore) return succeed(call, outcome.value, after);
  durable().then(
    () => succeed(call, outcome.value, after),
    (error: unknown) => fail(context, exchange, error),
  );
}

function logCommand(call: Call, args: unknown, principal: Principal | undefined): void {
  const { context, exchange, procedure } = call;
  // `msg` writes its own line.
  if (procedure.name === 'msg') return;
  context.serverLog?.command(procedure.name, args, { user: principal?.user, host: exchange.remoteAddress });
}

function invoke(call: Call, principal: Principal | undefined): void {
  const { context, exchange, procedure } = call;
  exchange.principal = principal;
  const after: (() => void)[] = [];
  try {
    const args = procedure.validateArgs(call.body);
    authorizeCall(context.options, principal, { access: procedure.access, paths: pathsOfArgs(args) });
    if (procedure.access === 'child') {
      context.counters.childCommands++;
      if (!context.engine.policy.acceptsChildCommands) throw new IsobarError('SERVER_HALTED');
    }
    if (procedure.mutates && context.serverLog !== undefined) logCommand(call, args, principal);
    const seqBefore = context.engine.log.seq;
    const result = procedure.handler(args, new CallContext(call, principal, after));
    if (!isPromise(result)) return reply(call, { value: result, seqBefore }, after);
    result.then(
      (value) => reply(call, { value, seqBefore }, after),
      (error: unknown) => fail(context, exchange, error),
    );
  } catch (error) {
    fail(context, exchange, error);
  }
}

/** Public and child methods ignore credentials they cannot use: a job's stale header must not block it. */
function optionalPrincipal(call: Call): Principal | undefined {
  const authenticator = call.context.options.authenticator;
  // Without users (no authenticator, or a users file that does not exist yet) only direct loopback callers
  // are the anonymous admin; a proxied request is nobody.
  if (authenticator === undefined || authenticator.isOpen?.() === true) {
    return anonymousPrincipal(call.exchange.req, call.context.options, call.exchange.remoteAddress);
  }
  if (call.token === undefined) return undefined;
  try {
    return authenticator.authenticateBearer(call.token);
  } catch {
    return undefined;
  }
}

function authenticateAndInvoke(request: Omit<Call, 'token'>): void {
  const { context, exchange, procedure } = request;
  const header = exchange.req.headers.authorization;
  const bearer = header !== undefined && /^bearer /i.test(header) ? header.slice(7).trim() : undefined;
  const call: Call = { ...request, token: bearer };
  if (procedure.access === 'public' || procedure.access === 'child') return invoke(call, optionalPrincipal(call));
  try {
    const { principal } = readCredentials(exchange.req, context.options, exchange.remoteAddress);
    if (!isPromise(principal)) return invoke(call, principal);
    principal.then(
      (found) => invoke(call, found),
      (error: unknown) => fail(context, exchange, error),
    );
  } catch (error) {
    fail(context, exchange, error);
  }
}

/**
 * `POST /v1/rpc/<name>` (and the `/v1/auth/*` aliases): method check, lifecycle and load gate, body, credentials,
 * argument validation (before any handler runs), authorisation, dispatch, reply.
 */
export function handleRpc(context: FacilityContext, exchange: Exchange, name: string): void {
  const procedure = context.registry.get(name);
  // Unknown names share one label so random method names cannot blow up the metrics' cardinality.
  exchange.label = procedure === undefined ? 'unknown' : name;
  if (exchange.req.method !== 'POST') return fail(context, exchange, methodNotAllowed(exchange, 'POST'));
  if (procedure === undefined) {
    return fail(context, exchange, new IsobarError('UNKNOWN_METHOD', { details: { method: name.slice(0, 128) } }));
  }
  if (!admit(context, exchange)) return;
  readJsonBody(exchange.req, context.options.bodyLimit, (error, body) => {
    if (error !== undefined) fail(context, exchange, error);
    else authenticateAndInvoke({ context, exchange, procedure, body });
  });
}
