// Zombies: child commands that fail authentication, ecFlow's rules for them, and the user's actions on them.
export * from './child-gate.js';
export * from './user-zombies.js';
export * from './zombie-actions.js';
export * from './zombie-rules.js';
export * from './zombie-table.js';
