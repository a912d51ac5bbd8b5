// Factories for tests and benchmarks (the module's second face, for test code only).
export { loadDecisions, type BulkResult, type BulkWijk } from './district-budget.bulk.js';
