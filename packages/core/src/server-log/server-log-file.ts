// The server log file (`log/server.log`): ecFlow's line format, written without ever blocking the event loop.
// Lines are gathered during an event-loop turn and appended with one asynchronous write; operations that touch the
// file (clear, reopen, new path, close) queue behind the writes, so no line is lost or lands in the wrong file.
import { close, ftruncate, mkdirSync, open, openSync, write } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { formatCommandLine, type CommandRequester } from './command-line.js';
import { formatLogLines, formatLogTimestamp, type LogLineType } from './log-line.js';
import { PendingLines } from './pending-lines.js';
import {
  checkLogPath,
  resolveServerLogFileOptions,
  type ResolvedServerLogFileOptions,
  type ServerLogFileOptions,
} from './server-log-options.js';
import { readLastLines } from './tail-lines.js';

/** The server log: one method per line type, plus what `log` (ecFlow `--log`) does to the file. */
export interface ServerLogFile {
  /** The file written now (absolute). */
  readonly path: string;
  /** A request line: `MSG:[…] text`. */
  msg(text: string): void;
  /** A state change line: `LOG:[…] text` (ecFlow's texts start with a space: ` complete: /s/t`). */
  log(text: string): void;
  /** An error line. */
  err(text: string): void;
  /** A warning line. */
  war(text: string): void;
  /**
   * The MSG line of one accepted request in ecFlow's spelling (`--force=complete /s/t :ada@10.0.0.7`,
   * `chd:init /s/t`; see {@link formatCommandLine}). The RPC layer calls it before handling each request that
   * changes something, as ecFlow does.
   */
  command(method: string, args: unknown, who?: CommandRequester): void;
  /** Lines of one type with one time stamp, in one write (a begin logs thousands of state changes). */
  append(type: LogLineType, texts: readonly string[]): void;
  /**
   * Lines formatted only when they are written (in slices that yield to the event loop), in order with the rest:
   * a subscriber hands over thousands of lines without formatting them on the caller's time. `texts` is
   * iterated once, later; `count` is its length or a guess (for the cap on pending lines).
   */
  appendDeferred(type: LogLineType, texts: Iterable<string>, count: number): void;
  /** The last `count` lines (capped by `maxTailLines` and `maxTailBytes`), after writing what is pending. */
  tail(count: number): Promise<string[]>;
  /** Empties the file (ecFlow `--log=clear`). */
  clear(): Promise<void>;
  /** Writes what is pending (ecFlow `--log=flush`). */
  flush(): Promise<void>;
  /** Reopens the file by name: after logrotate renamed it, new lines go to a new file (SIGHUP). */
  reopen(): Promise<void>;
  /**
   * Continues in another file (ecFlow `--log=new <path>`); without `file`, back to the configured one. Its
   * directory must exist and it must not be a directory. @throws IsobarError `INVALID_ARGUMENT`
   */
  newPath(file?: string): Promise<void>;
  /** Writes what is pending and closes the file; later lines are ignored. */
  close(): Promise<void>;
}

/**
 * Opens the server log for append (directories created, mode 0640) and returns its writer.
 *
 * @example
 * ```ts
 * const serverLog = createServerLogFile({ file: join(home, 'log/server.log') });
 * serverLog.msg('--begin=s :admin');
 * serverLog.log(' queued: /s');
 * process.on('SIGHUP', () => void serverLog.reopen());
 * ```
 */
export function createServerLogFile(options: ServerLogFileOptions): ServerLogFile {
  return new LogFileWriter(resolveServerLogFileOptions(options));
}

const openFile = promisify(open);
const closeFile = promisify(close);
const truncateFile = promisify(ftruncate);
// fs.write's promisified form resolves with `{ bytesWritten, buffer }`.
const writeBuffer = promisify(write) as (fd: number, buffer: Buffer) => Promise<{ bytesWritten: number }>;

class LogFileWriter implements ServerLogFile {
  private file: string;
  private fd: number;
  private readonly pending: PendingLines;
  private scheduled = false;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  private stampSecond = -1;
  private stamp = '';

  constructor(private readonly options: ResolvedServerLogFileOptions) {
    this.file = options.file;
    this.pending = new PendingLines(options.maxPendingBytes);
    mkdirSync(dirname(this.file), { recursive: true });
    // Opened synchronously once, at start-up, so a home whose log cannot be created fails there, loudly.
    this.fd = openSync(this.file, 'a', 0o640);
  }

  get path(): string {
    return this.file;
  }

  msg(text: string): void {
    this.append('MSG', [text]);
  }
  log(text: string): void {
    this.append('LOG', [text]);
  }
  err(text: string): void {
    this.append('ERR', [text]);
  }
  war(text: string): void {
    this.append('WAR', [text]);
  }

  command(method: string, args: unknown, who: CommandRequester = {}): void {
    this.append('MSG', [formatCommandLine(method, args, who)]);
  }

  append(type: LogLineType, texts: readonly string[]): void {
    if (this.closed || texts.length === 0) return;
    const prefix = `${type}:${this.timestamp()}`;
    let chunk = '';
    for (const text of texts) chunk += formatLogLines(prefix, text);
    this.pending.push(chunk);
    this.schedule();
  }

  appendDeferred(type: LogLineType, texts: Iterable<string>, count: number): void {
    if (this.closed) return;
    this.pending.pushDeferred(`${type}:${this.timestamp()}`, texts, count);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // One write per event-loop turn, whatever the number of lines logged in it.
    setImmediate(() => {
      this.scheduled = false;
      this.enqueue(() => this.drain()).catch((error: unknown) => {
        this.options.logger.warn('server log: cannot write', { file: this.file, error });
      });
    });
  }

  async tail(count: number): Promise<string[]> {
    await this.flush();
    const lines = Math.min(count, this.options.maxTailLines);
    return readLastLines(this.file, lines, { maxBytes: this.options.maxTailBytes });
  }

  clear(): Promise<void> {
    return this.enqueue(async () => {
      await this.drain();
      await truncateFile(this.fd, 0);
    });
  }

  flush(): Promise<void> {
    return this.enqueue(() => this.drain());
  }

  reopen(): Promise<void> {
    return this.enqueue(async () => {
      await this.drain();
      await this.swap(this.file);
    });
  }

  async newPath(file?: string): Promise<void> {
    const next = resolve(file ?? this.options.file);
    checkLogPath(next);
    await this.enqueue(async () => {
      await this.drain();
      await this.swap(next);
      this.file = next;
    });
  }

  close(): Promise<void> {
    if (this.closed) return this.queue;
    this.closed = true;
    return this.enqueue(async () => {
      await this.drain();
      await closeFile(this.fd);
    });
  }

  private timestamp(): string {
    const now = this.options.now();
    const second = Math.floor(now / 1000);
    if (second !== this.stampSecond) {
      this.stampSecond = second;
      this.stamp = formatLogTimestamp(now, { utc: this.options.utc });
    }
    return this.stamp;
  }

  /** Runs `work` after everything queued before it; a failure rejects its own caller only. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Writes every pending line. On failure the lines go back to the front of the queue for the next attempt and
   * the file is reopened (ecFlow does the same: a log on a volume that was remounted works again).
   */
  private async drain(): Promise<void> {
    if (this.pending.empty) return;
    const chunks = await this.pending.take();
    const { dropped } = this.pending;
    if (dropped !== 0) {
      chunks.unshift(`ERR:${this.timestamp()}server log: ${dropped} bytes of log lines dropped (could not write)\n`);
    }
    for (let i = 0; i < chunks.length; i++) {
      try {
        await writeAll(this.fd, chunks[i] ?? '');
      } catch (error) {
        this.pending.restore(chunks.slice(i).join(''));
        await this.swap(this.file).catch(() => undefined);
        throw error;
      }
    }
    this.pending.dropped = 0;
  }

  private async swap(file: string): Promise<void> {
    const next = await openFile(file, 'a', 0o640);
    const previous = this.fd;
    this.fd = next;
    await closeFile(previous);
  }
}

/** Writes all of `text` (a short write continues where it stopped). */
async function writeAll(fd: number, text: string): Promise<void> {
  let rest = Buffer.from(text, 'utf8');
  while (rest.length > 0) {
    const { bytesWritten } = await writeBuffer(fd, rest);
    rest = rest.subarray(bytesWritten);
  }
}
