// A `node.added` record of a large subtree carries its `.def` text, which costs as much to produce as the whole
// load (writing 100k tasks takes longer than building them). The text is produced on first read instead: by the
// journal or the event feed when they serialise the record (JSON.stringify and spread read it as a plain value),
// never when nobody asks. It is produced from the definition the subtree was built from, which the text must
// rebuild exactly (`buildNode(decode(text))` ≡ `buildNode(def)`), and that definition is dropped once it is.

const lazyRecords = new WeakSet<object>();

/**
 * Gives `record` an enumerable `text` property computed by `produce` on first read (then kept as a plain value).
 * The record is marked lazy, so the change log does not keep it in its ring buffer (a resuming client resyncs),
 * which would otherwise hold the source definition or force the text.
 */
export function withLazyText<T extends object>(record: T, produce: () => string): T & { readonly text: string } {
  let make: (() => string) | undefined = produce;
  let text = '';
  Object.defineProperty(record, 'text', {
    enumerable: true,
    configurable: true,
    get(): string {
      if (make !== undefined) {
        text = make();
        make = undefined;
      }
      return text;
    },
  });
  lazyRecords.add(record);
  return record as T & { readonly text: string };
}

/** True for a record made by {@link withLazyText}. */
export function hasLazyText(record: object): boolean {
  return lazyRecords.has(record);
}
