export {
  ALL_ERROR_CODES,
  ERROR_CODES,
  formatErrorMessage,
  httpStatusOf,
  isErrorCode,
  type ErrorCode,
  type ErrorCodeSpec,
} from './error-codes.js';
export {
  IsobarError,
  hasErrorCode,
  isIsobarError,
  toIsobarError,
  type ErrorDetails,
  type IsobarErrorOptions,
} from './isobar-error.js';
