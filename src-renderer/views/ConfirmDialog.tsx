import { Dialog } from './Dialog.tsx';
import { useConfirm } from './stores-context.tsx';

/** The one confirmation dialog; the safe answer (Keep, Cancel) has focus first. */
export function ConfirmDialog() {
  const pending = useConfirm((s) => s.pending);
  const answer = useConfirm((s) => s.answer);
  if (!pending) return null;
  return (
    <Dialog label={pending.title} className="confirm-dialog" onClose={() => answer(false)}>
      <h2>{pending.title}</h2>
      <p>{pending.body}</p>
      <div className="dialog-actions">
        <button type="button" data-autofocus onClick={() => answer(false)}>
          {pending.cancelLabel ?? 'Keep'}
        </button>
        <button type="button" className={pending.destructive === false ? 'primary' : 'danger'} onClick={() => answer(true)}>
          {pending.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
