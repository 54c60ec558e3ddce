// The RPC procedures: one handler per catalogue method, bound to the engine.
export { createCatalogueProcedures, UNAVAILABLE_METHODS } from './catalogue-procedures.js';
export type { Procedure, ProcedureContext, ProcedureServices } from './procedure.js';
export { toTreeNode, type TreeJsonOptions } from './tree-json.js';
