/**
 * The kernel's Jupyter side: binds the five ZeroMQ sockets of a connection file and answers the
 * messaging protocol (v5.3). Execution, compilation and error reporting live in CellExecutor.
 */
import * as fs from 'fs';
import * as zmq from 'zeromq';
import { CellExecutor } from './executor';
import { History } from './history';
import { isComplete } from './is-complete';
import { childOf, decode, encode, Message } from './wire';
import { printQuickInfo } from 'tslab/dist/inspect';
import type { ErrorContent } from './errors';

interface Connection {
  transport: string;
  ip: string;
  key: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

/** `?name` or `name?`: IPython's help syntax, answered with a pager payload (type and docs). */
const HELP = /^\s*\?\s*([\w$.]+)\s*$|^\s*([\w$.]+)\s*\?\s*$/;

export class KernelServer {
  private readonly iopub = new zmq.Publisher();
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly heartbeat = new zmq.Reply();
  private readonly history = new History();
  private connection!: Connection;
  private executionCount = 0;
  /** Execute requests run one at a time, in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  /** Requests queued before a failure (with stop_on_error) are aborted, as ipykernel does. */
  private failures = 0;
  /** The request whose cell gets output written now (also after it finished, as in IPython). */
  private current: Message | null = null;

  constructor(
    private readonly executor: CellExecutor,
    private readonly info: Record<string, unknown>,
    private readonly log: (s: string) => void,
  ) {}

  async start(connectionFile: string): Promise<void> {
    this.connection = JSON.parse(fs.readFileSync(connectionFile, 'utf8'));
    const c = this.connection;
    const address = (port: number) => `${c.transport}://${c.ip}:${port}`;
    await Promise.all([
      this.iopub.bind(address(c.iopub_port)),
      this.shell.bind(address(c.shell_port)),
      this.control.bind(address(c.control_port)),
      this.stdin.bind(address(c.stdin_port)),
      this.heartbeat.bind(address(c.hb_port)),
    ]);
    this.serve(this.shell);
    this.serve(this.control);
    void (async () => {
      for await (const frames of this.heartbeat) await this.heartbeat.send(frames);
    })().catch(() => undefined);
  }

  private serve(socket: zmq.Router): void {
    void (async () => {
      for await (const frames of socket) {
        let msg: Message;
        try {
          msg = decode(this.connection.key, frames);
        } catch (e) {
          this.log(`kernel: dropped a message: ${(e as Error).message}\n`);
          continue;
        }
        this.handle(socket, msg).catch((e) =>
          this.log(`kernel: ${msg.header.msg_type} failed: ${(e as Error).stack}\n`),
        );
      }
    })().catch(() => undefined);
  }

  private send(socket: zmq.Socket & { send(frames: unknown): Promise<void> }, msg: Message): void {
    socket
      .send(encode(this.connection.key, msg))
      .catch((e) => this.log(`kernel: send failed: ${(e as Error).message}\n`));
  }

  publish(parent: Message, msgType: string, content: Record<string, unknown>): void {
    this.send(this.iopub, childOf(parent, msgType, content, [Buffer.from(`kernel.${msgType}`)]));
  }

  private reply(socket: zmq.Router, request: Message, content: Record<string, unknown>): void {
    this.send(socket, childOf(request, request.header.msg_type.replace(/_request$/, '_reply'), content));
  }

  private async handle(socket: zmq.Router, msg: Message): Promise<void> {
    const type = msg.header.msg_type;
    if (type === 'execute_request') return this.enqueueExecute(socket, msg);
    this.publish(msg, 'status', { execution_state: 'busy' });
    try {
      this.answer(socket, msg);
    } finally {
      this.publish(msg, 'status', { execution_state: 'idle' });
    }
    if (type === 'shutdown_request') setTimeout(() => this.close(), 50);
  }

  /** Every request but execute: answered at once, also while a cell awaits. */
  private answer(socket: zmq.Router, msg: Message): void {
    const c = msg.content;
    switch (msg.header.msg_type) {
      case 'kernel_info_request':
        return this.reply(socket, msg, { status: 'ok', ...this.info });
      case 'is_complete_request':
        return this.reply(socket, msg, isComplete(c.code));
      case 'complete_request': {
        const info = this.executor.complete(c.code, c.cursor_pos ?? c.code.length);
        return this.reply(socket, msg, {
          status: 'ok',
          matches: info.candidates,
          cursor_start: info.start,
          cursor_end: info.end,
          metadata: {},
        });
      }
      case 'inspect_request': {
        const info = this.executor.inspect(c.code, c.cursor_pos ?? c.code.length);
        const data = info ? { 'text/plain': printQuickInfo(info) } : {};
        return this.reply(socket, msg, { status: 'ok', found: !!info, data, metadata: {} });
      }
      case 'history_request':
        return this.reply(socket, msg, { status: 'ok', history: this.history.query(c as never) });
      case 'comm_info_request':
        return this.reply(socket, msg, { status: 'ok', comms: {} });
      case 'interrupt_request':
        this.executor.interrupt();
        return this.reply(socket, msg, { status: 'ok' });
      case 'shutdown_request':
        return this.reply(socket, msg, { status: 'ok', restart: !!c.restart });
      default:
        this.log(`kernel: unsupported message type ${msg.header.msg_type}\n`);
    }
  }

  private enqueueExecute(socket: zmq.Router, msg: Message): Promise<void> {
    const failuresBefore = this.failures;
    const run = this.queue.then(() =>
      this.failures > failuresBefore ? this.abort(socket, msg) : this.execute(socket, msg),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  private abort(socket: zmq.Router, msg: Message): void {
    this.publish(msg, 'status', { execution_state: 'busy' });
    this.reply(socket, msg, { status: 'aborted', execution_count: null });
    this.publish(msg, 'status', { execution_state: 'idle' });
  }

  private async execute(socket: zmq.Router, msg: Message): Promise<void> {
    const {
      code,
      silent = false,
      store_history = true,
      stop_on_error = true,
    } = msg.content as {
      code: string;
      silent?: boolean;
      store_history?: boolean;
      stop_on_error?: boolean;
    };
    this.publish(msg, 'status', { execution_state: 'busy' });
    this.current = msg;
    if (!silent && store_history) this.executionCount++;
    const count = this.executionCount;
    if (!silent) this.publish(msg, 'execute_input', { code, execution_count: count });
    let output: string | null = null;
    let error: ErrorContent | null = null;
    let payload: unknown[] = [];
    const help = HELP.exec(code);
    if (help) {
      const name = help[1] ?? help[2];
      const info = this.executor.inspect(name, name.length);
      payload = [
        { source: 'page', data: { 'text/plain': info ? printQuickInfo(info) : `${name}: not found` }, start: 0 },
      ];
    } else {
      const outcome = await this.executor.execute(code, store_history && !silent ? `In [${count}]` : 'cell');
      if (!outcome.ok) error = outcome.error;
      else if (outcome.hasValue) {
        output = CellExecutor.plain(outcome.value);
        if (!silent)
          this.publish(msg, 'execute_result', { execution_count: count, data: { 'text/plain': output }, metadata: {} });
      }
    }
    if (store_history && !silent) this.history.add(count, code, output);
    if (error) {
      if (!silent) this.publish(msg, 'error', { ...error });
      if (stop_on_error) this.failures++;
      this.reply(socket, msg, { status: 'error', execution_count: count, ...error });
    } else {
      this.reply(socket, msg, { status: 'ok', execution_count: count, payload, user_expressions: {} });
    }
    this.publish(msg, 'status', { execution_state: 'idle' });
  }

  /** Streams and displays from cell code go to the request running now (or the last one). */
  stream(name: 'stdout' | 'stderr', text: string): boolean {
    if (!this.current) return false;
    this.publish(this.current, 'stream', { name, text });
    return true;
  }

  display(data: Record<string, unknown>, update: boolean): void {
    if (this.current) this.publish(this.current, update ? 'update_display_data' : 'display_data', data);
  }

  clearOutput(wait: boolean): void {
    if (this.current) this.publish(this.current, 'clear_output', { wait });
  }

  close(): void {
    for (const s of [this.iopub, this.shell, this.control, this.stdin, this.heartbeat]) s.close();
    process.exit(0);
  }
}
