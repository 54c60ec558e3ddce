/** The kinds of generated validators. */
export type ValidatorKind = 'args' | 'result' | 'tree' | 'change' | 'udp';

/**
 * The export name of a generated validator: kind and name joined by `_`, dots of method names turned into
 * `_` (`args` + `child.init` → `args_child_init`). Shared by the generator and the lookup so they agree.
 */
export function validatorExportName(kind: ValidatorKind, name: string): string {
  return `${kind}_${name.replace(/\./g, '_')}`;
}
