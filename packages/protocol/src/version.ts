/** Version of the wire protocol (`/v1`). Bumped only for incompatible changes. */
export const PROTOCOL_VERSION = 1;

/** Version of the Isobar release this package belongs to (lock-step with every package). */
export const ISOBAR_VERSION = '0.1.0';
