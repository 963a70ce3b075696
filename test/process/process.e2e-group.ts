import { runEndToEndFilesOf } from '../support/e2e-group';

runEndToEndFilesOf(__dirname);
