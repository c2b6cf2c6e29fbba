/** Where a command reads and writes: the process in production, memory in tests. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** terminal width in characters */
  columns?: number;
  hasColors?(): boolean;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  /** the whole of standard input as text */
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  /** writes (replaces) a file; rejects with the Node error (`code`: ENOENT, EISDIR, ENOSPC, ...) */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  env: Record<string, string | undefined>;
}
