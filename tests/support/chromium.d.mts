// Types for tests/support/chromium.mjs.
import type { Browser, BrowserType } from 'playwright-core';
export const CHROMIUM: string;
export const chromiumInstalled: boolean;
export const skippedWithoutChromium: string;
export function launchChromium(chromium: BrowserType): Promise<{ browser: Browser; close(): Promise<void> }>;
