export { freePort } from './free-port.js';
export { createTempHome, type TempHome } from './temp-home.js';
export {
  runProcess,
  startProcess,
  type ProcessExit,
  type StartProcessOptions,
  type TestProcess,
} from './test-process.js';
export { createTestPki, type TestPki } from './test-pki.js';
