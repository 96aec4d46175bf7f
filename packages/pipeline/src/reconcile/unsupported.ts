import type { SyncKey } from '@wfm-sync/domain';
import { UnsupportedKindError } from '../errors/unsupported-kind.js';
import type { KeyState } from '../store/key-state.js';
import type { ReconcileResult, Reconciler } from './types.js';

export class UnsupportedReconciler implements Reconciler {
  async reconcile(key: SyncKey, _state: KeyState): Promise<ReconcileResult> {
    throw new UnsupportedKindError(key.kind);
  }
}
