// Factories for tests and benchmarks (the module's second face, for test code only).
export { loadDecisions, type BulkResult, type BulkWijk } from './district-budget.bulk.js';
// The service's steps a benchmark drives as staff would (decisions per second).
export { allocate, decide, setMandate, type DecisionInput } from './district-budget.service.js';
