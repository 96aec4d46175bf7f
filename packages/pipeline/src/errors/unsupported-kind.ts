/** Thrown for key kinds whose reconciler does not exist yet: dead-lettered with a reason an operator can read. */
export class UnsupportedKindError extends Error {
  constructor(readonly kind: string) {
    super(
      `reconciling ${kind} keys is not implemented yet; the desired state is kept and can be replayed later`,
    );
    this.name = 'UnsupportedKindError';
  }
}
