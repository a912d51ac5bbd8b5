// The district budget's second face, for tests and benchmarks: the service's commands as the
// demo and the command line use them (allocations and mandates without the settings pages).
export {
  allocate,
  answerApproval,
  decide,
  moveMoney,
  setBackupApprover,
  setMandate,
  wijkFigures,
} from './district-budget.service.js';
