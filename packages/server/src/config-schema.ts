// The schema of the launcher's config file (`<home>/isobar.json` or `--config FILE`). Closed objects: an
// unknown key is an error that names it, so a typo never silently falls back to a default.
import { Type, type Static } from '@sinclair/typebox';

const Path = Type.String({ minLength: 1, maxLength: 4096 });

/** TLS files; relative paths are relative to the config file's directory. */
export const TlsConfigSchema = Type.Object(
  {
    cert: Path,
    key: Path,
    ca: Type.Optional(Path),
    requireClientCert: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** The access log: a file (relative to the config file's directory) or `stdout`, and its format. */
export const AccessLogConfigSchema = Type.Object(
  {
    path: Path,
    format: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  },
  { additionalProperties: false },
);

/** The change feed (`GET /v1/events`); see core's `SseOptions`. */
export const SseConfigSchema = Type.Object(
  {
    heartbeatMs: Type.Optional(Type.Integer({ minimum: 1 })),
    maxBufferedBytes: Type.Optional(Type.Integer({ minimum: 1 })),
    maxClients: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

/** Every key of `isobar.json`. All are optional; flags and environment variables override them. */
export const LauncherConfigSchema = Type.Object(
  {
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    bind: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    tls: Type.Optional(TlsConfigSchema),
    accessLog: Type.Optional(AccessLogConfigSchema),
    logLevel: Type.Optional(
      Type.Union([Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug')]),
    ),
    logFile: Type.Optional(Path),
    halted: Type.Optional(Type.Boolean()),
    checkpoint: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    jobPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    jobBind: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    fileRoots: Type.Optional(Type.Array(Path, { maxItems: 64 })),
    dev: Type.Optional(Type.Boolean()),
    bodyLimit: Type.Optional(Type.Integer({ minimum: 2 })),
    maxConcurrentRequests: Type.Optional(Type.Integer({ minimum: 0 })),
    requestIdFormat: Type.Optional(
      Type.Union([Type.Literal('rfc4122'), Type.Literal('base32'), Type.Literal('base64')]),
    ),
    trustedProxies: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 256 })),
    basicAuth: Type.Optional(Type.Boolean()),
    tokenTtlMs: Type.Optional(Type.Integer({ minimum: 1000 })),
    stopTimeoutMs: Type.Optional(Type.Integer({ minimum: 0 })),
    sse: Type.Optional(SseConfigSchema),
  },
  { additionalProperties: false },
);

/** The contents of a valid config file. */
export type LauncherConfig = Static<typeof LauncherConfigSchema>;
