/**
 * What @parley/ui imports from 'react', served by Preact in the visitor app (vite.config.ts maps
 * `react` here, tsconfig.json types it from here). Hooks and Fragment only: preact/compat would
 * add to the download and change event semantics (onChange → onInput) for the whole app.
 */
export { useEffect, useMemo, useRef, useState } from 'preact/hooks';
export { Fragment } from 'preact';
export type { ComponentChildren as ReactNode } from 'preact';
