/** See generate-icons.mjs. */
export const LINUX_SIZES: number[];
export const ICO_SIZES: number[];
export const TRAY_ICO_SIZES: number[];
export function generateIcons(assetsDir?: string): Promise<void>;
