import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex="0"]';

/**
 * A modal dialog (docs/ui.md "Keyboard"): focus moves in on open, Tab and Shift+Tab stay inside,
 * Escape asks to close (`onClose` may refuse, e.g. unsaved edits), and focus returns to what had
 * it before. On narrow screens it is full-screen (styles.css).
 */
export function Dialog({ label, className, onClose, children }: { label: string; className?: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  // A layout effect: focus moves in as the dialog is committed, before anything can be typed or
  // focused in it. (A passive effect ran after paint, so a key pressed — or an element focused —
  // right after the dialog appeared could be overtaken by this move to the safe answer.)
  const returnTo = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    returnTo.current = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('[data-autofocus]') ?? ref.current?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? ref.current)?.focus();
  }, []);
  // Back where the person was, if that element still exists (a removed row falls to the body).
  // A passive cleanup: it runs once the page behind is no longer `inert`, which a layout
  // cleanup (still inside the closing commit) could not focus into.
  useEffect(
    () => () => {
      if (returnTo.current?.isConnected) returnTo.current.focus();
    },
    [],
  );

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCloseRef.current();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    if (focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (event.shiftKey && (document.activeElement === first || document.activeElement === ref.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="dialog-backdrop">
      <div ref={ref} role="dialog" aria-modal="true" aria-label={label} className={`dialog ${className ?? ''}`} tabIndex={-1} onKeyDown={onKeyDown}>
        {children}
      </div>
    </div>
  );
}
