/**
 * Views both apps show, written once: the console renders them with React, the visitor app with
 * Preact (its build maps `react` to Preact's hooks, see packages/widget/vite.config.ts). They take
 * `t` as a prop, so each app keeps its own i18n set-up.
 */
export * from './hooks.ts';
export * from './LinkedText.tsx';
export * from './LanguageSelect.tsx';
export * from './Settings.tsx';
export * from './Stage.tsx';
export * from './MediaControls.tsx';
export * from './ConferenceStage.tsx';
export * from './ChatMessages.tsx';
export * from './CallQuality.tsx';
export * from './CallLink.tsx';
export * from './DialIn.tsx';
export * from './PhoneMix.tsx';
