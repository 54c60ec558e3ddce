// Durability: the write-ahead journal of change records (group commit), checkpoints written in slices without
// stopping the server, and start-up recovery from both.
export * from './checkpoint-format.js';
export * from './checkpoint-mode.js';
export * from './checkpoint-reader.js';
export * from './checkpoint-writer.js';
export * from './fault-hook.js';
export * from './journal.js';
export * from './journal-format.js';
export * from './journal-reader.js';
export * from './persistence.js';
export * from './recover.js';
export * from './tree-text-slicer.js';
