/** A bad argument to this package (options, data, optimizer), with every problem listed. */
export class TfjsAdapterError extends Error {
  /** `'invalid_options' | 'unsupported_hyperparameter' | 'invalid_data' | 'already_bound' | ...` */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'TfjsAdapterError';
    this.code = code;
  }
}
