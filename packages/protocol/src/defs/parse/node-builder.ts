import type { Defs, DefsNode, NodeKind } from '../model/index.js';
import { createNode } from '../model/index.js';
import type { ParseContext } from './parse-context.js';
import { parseNodeRuntime } from './parse-state.js';
import { isValidName } from './tokenize.js';

/** Above this many children a container's names go into a temporary set (kept linear for big families). */
const SCAN_LIMIT = 16;

/** Keeps the stack of open nodes and handles the structural keywords (`suite` … `endalias`). */
export class NodeBuilder {
  private readonly stack: DefsNode[] = [];
  private readonly names = new Map<DefsNode[], Set<string>>();

  constructor(
    private readonly ctx: ParseContext,
    /** The definition being built. */
    readonly defs: Defs,
  ) {}

  /** The innermost open node. */
  get current(): DefsNode | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Handles a structural keyword; false when `keyword` is not one. */
  structure(keyword: string): boolean {
    switch (keyword) {
      case 'suite':
        if (this.stack.length > 0) throw this.ctx.fail("'suite' inside a suite", 'endsuite before the next suite', 0);
        this.open('suite', this.defs.suites);
        return true;
      case 'family':
      case 'task':
        this.popToContainer(keyword);
        this.open(keyword, ((this.current as DefsNode).children ??= []));
        return true;
      case 'endsuite':
        if (this.stack.length === 0) throw this.ctx.fail("'endsuite' without a suite", 'suite NAME', 0);
        this.stack.length = 0;
        return true;
      case 'endfamily':
        this.popToContainer(keyword);
        if (this.current?.kind !== 'family') throw this.ctx.fail("'endfamily' without a family", 'family NAME', 0);
        this.stack.pop();
        return true;
      case 'endtask':
        while (this.current?.kind === 'alias') this.stack.pop();
        if (this.current?.kind === 'task') this.stack.pop();
        return true;
      case 'alias':
        return this.openAlias();
      case 'endalias':
        if (this.current?.kind === 'alias') this.stack.pop();
        return true;
      default:
        return false;
    }
  }

  /** Called at the end of input; missing `endfamily`/`endsuite` at the end are accepted, as in ecFlow. */
  finish(): void {
    this.stack.length = 0;
    this.names.clear();
  }

  private openAlias(): boolean {
    if (this.current?.kind === 'alias') this.stack.pop();
    const task = this.current;
    if (task?.kind !== 'task') throw this.ctx.fail("'alias' outside a task", 'task NAME before alias', 0);
    this.open('alias', (task.aliases ??= []));
    return true;
  }

  private popToContainer(keyword: string): void {
    while (this.current !== undefined && this.current.kind !== 'suite' && this.current.kind !== 'family') {
      this.stack.pop();
    }
    if (this.current === undefined) throw this.ctx.fail(`'${keyword}' outside a suite`, 'suite NAME', 0);
  }

  private open(kind: NodeKind, siblings: DefsNode[]): void {
    const ctx = this.ctx;
    const name = ctx.intern(ctx.token(1));
    if (!isValidName(name)) throw ctx.fail(`invalid ${kind} name '${name}'`, 'a name [A-Za-z0-9_][A-Za-z0-9_.]*', 1);
    if (ctx.count > 2) throw ctx.fail(`unexpected '${ctx.token(2)}' after the ${kind} name`, 'end of line', 2);
    if (this.hasName(siblings, name))
      throw ctx.fail(`duplicate node name '${name}'`, 'a name unique among siblings', 1);
    const node = createNode(kind, name);
    if (ctx.persist && ctx.size > 2) node.runtime = parseNodeRuntime(ctx, 2);
    siblings.push(node);
    this.stack.push(node);
  }

  private hasName(siblings: DefsNode[], name: string): boolean {
    let set = this.names.get(siblings);
    if (set === undefined) {
      for (const sibling of siblings) if (sibling.name === name) return true;
      if (siblings.length < SCAN_LIMIT) return false;
      set = new Set(siblings.map((sibling) => sibling.name));
      this.names.set(siblings, set);
    } else if (set.has(name)) return true;
    set.add(name);
    return false;
  }
}
