// The command-line parsing lives in the app service (launch-args.ts), where plain Node tests
// reach it; main keeps this name for the modules that import it.
export { type ArgvContext, filesFromArgv, launchFromArgv } from '../app-service/launch/launch-args.ts';
