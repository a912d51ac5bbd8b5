// The district budget's second face, for tests and benchmarks: the service's commands as the
// demo, the command line and a benchmark drive them (allocations and mandates without the
// settings pages), and decisions in bulk.
export { loadDecisions, type BulkResult, type BulkWijk } from './district-budget.bulk.js';
export {
  allocate,
  answerApproval,
  decide,
  moveMoney,
  setBackupApprover,
  setMandate,
  wijkFigures,
  type DecisionInput,
} from './district-budget.service.js';
